import { describe, expect, it } from 'vitest';
import { printable } from '../../../src/domain/inert-text.js';

const CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters under test.
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-_]|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** printable as first written: every match of the pattern removed, whatever the text. */
const reference = (text: string) => text.replace(CONTROL, '');

describe('printable', () => {
  it('removes terminal escape sequences, C0 and C1 controls, DEL and bidirectional overrides', () => {
    expect(printable('a\u001b[31mred\u001b[0m b\u0007c\u009bd\u007fe\u202ef\u2066g')).toBe('ared bcdefg');
  });

  it('keeps tabs, newlines and ordinary text as they are', () => {
    const text = 'key AKIA… of user\talice\nnext line: “quoted” é 漢字';
    expect(printable(text)).toBe(text);
  });

  it('says what the whole pattern says for any mix of characters', () => {
    const alphabet = [
      'a',
      ' ',
      '[',
      '0',
      ';',
      'm',
      '@',
      '~',
      '\t',
      '\n',
      '\u0000',
      '\u0008',
      '\u000b',
      '\u001b',
      '\u001f',
      '\u007f',
      '\u0080',
      '\u009f',
      '\u00a0',
      '\u202a',
      '\u202e',
      '\u202f',
      '\u2066',
      '\u2069',
      '\u206a',
    ];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (let round = 0; round < 5000; round += 1) {
      const length = next() % 12;
      const text = Array.from({ length }, () => alphabet[next() % alphabet.length]).join('');
      expect(printable(text)).toBe(reference(text));
    }
  });
});
