import { describe, expect, it } from 'vitest';
import { parseOptions } from '../../../src/cli/parse-options.js';
import { asksHelp, COMMANDS, usageOf } from '../../../src/cli/usage.js';

describe('the command line help', () => {
  it.each([...COMMANDS])('has usage lines for %s', (command) => {
    const usage = usageOf(command);
    const lines = usage.split('\n').filter((l) => l.startsWith('  rekey '));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.startsWith(`  rekey ${command} `))).toBe(true);
  });

  it('takes --help and -h anywhere before --, never after it', () => {
    expect(asksHelp(['synth', '--help'])).toBe(true);
    expect(asksHelp(['-h'])).toBe(true);
    expect(asksHelp(['--', '--help'])).toBe(false);
    expect(asksHelp(['leaked-access-key'])).toBe(false);
  });

  it('refuses an unknown option naming the options the command takes', () => {
    const config = {
      args: ['--nope'],
      options: { file: { type: 'string' as const }, all: { type: 'boolean' as const } },
    };
    expect(() => parseOptions(config)).toThrow(
      'unknown option --nope; this command takes --file, --all (and --help)',
    );
  });
});
