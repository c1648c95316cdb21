import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LineWriter } from '../../../src/cli/line-writer.js';
import { valuesOf } from '../../../src/cli/read-inputs.js';
import { triageValues } from '../../../src/cli/triage-command.js';
import { parseJsonDocuments } from '../../../src/detections/material.js';
import { printable } from '../../../src/domain/inert-text.js';
import { createOfflineTriage } from '../../../src/drills/offline-triage.js';
import { ROOT } from '../../support/drills.js';

const triage = () =>
  createOfflineTriage({
    settings: { secretReadAllowlist: ['arn:aws:iam::111122223333:role/app-*'] },
    protectedPrincipals: [],
    account: '111122223333',
    region: 'us-east-1',
    now: new Date('2026-11-28T12:00:00Z'),
  });

type Triage = ReturnType<typeof triage>;

/** `rekey triage`'s output for text fed in chunks of `size` bytes: records no rule takes answered unparsed. */
async function fastPath(offline: Triage, text: string, size: number): Promise<string[]> {
  const bytes = Buffer.from(text);
  async function* chunks() {
    for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
  }
  let out = '';
  const sink = new Writable({
    write: (chunk, _encoding, done) => {
      out += String(chunk);
      done();
    },
  });
  await triageValues(offline, valuesOf('in.json', chunks()), new LineWriter(sink));
  return ordered(out.split('\n').slice(0, -1));
}

/**
 * The same input read whole: one JSON document parsed and read by materialToEvents (parseJsonDocuments, as
 * `rekey triage` once read files); text that is not one document, value by value as the splitter finds them, each
 * parsed. Lines in the input's order, those of unreadable values (which materialToEvents lists first) last.
 */
async function fullPath(offline: Triage, text: string): Promise<string[]> {
  let document = true;
  try {
    JSON.parse(text);
  } catch {
    document = false;
  }
  const lines = document
    ? (await offline.assessDocuments('in.json', parseJsonDocuments(text))).map((line) =>
        printable(JSON.stringify(line)),
      )
    : await valueByValue(offline, text);
  return ordered(lines);
}

const ordered = (lines: string[]) => {
  const unreadable = (line: string) => line.includes('"shape":"unreadable"');
  return [...lines.filter((l) => !unreadable(l)), ...lines.filter(unreadable).sort()];
};

async function valueByValue(offline: Triage, text: string): Promise<string[]> {
  const lines: string[] = [];
  const whole = (async function* () {
    yield Buffer.from(text);
  })();
  for await (const { values } of valuesOf('in.json', whole))
    for (const value of values)
      for (const line of await offline.assessDocuments('in.json', [value.parse()]))
        lines.push(printable(JSON.stringify(line)));
  return lines;
}

/** A CloudTrail record of an everyday call, as CloudTrail writes it. */
const call = (i: number) => ({
  eventVersion: '1.09',
  userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::111122223333:assumed-role/app/i-${i}` },
  eventTime: '2026-11-28T09:00:00Z',
  eventSource: ['s3', 'iam', 'kms', 'signin', 'secretsmanager'][i % 5]?.concat('.amazonaws.com'),
  eventName: ['GetObject', 'ListUsers', 'Decrypt', 'ConsoleLogin', 'GetSecretValue'][i % 5],
  awsRegion: 'us-east-1',
  requestParameters: { bucketName: 'logs', maxKeys: 1000, note: 'a "quoted" \\ value' },
  responseElements: null,
  eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  readOnly: true,
  eventType: i % 7 === 0 ? 'AwsConsoleSignIn' : 'AwsApiCall',
  recipientAccountId: '111122223333',
});

describe('rekey triage answers records no rule takes as the full path would', () => {
  const fixtures = join(ROOT, 'drills/events');
  const library = readdirSync(fixtures).flatMap((dir) =>
    readdirSync(join(fixtures, dir)).map((file) => readFileSync(join(fixtures, dir, file), 'utf8')),
  );

  it('gives the full path’s lines for every fixture, at any chunk size', async () => {
    for (const text of library)
      for (const size of [7, 64, 65_536])
        expect(await fastPath(triage(), text, size)).toEqual(await fullPath(triage(), text));
  });

  it('gives the full path’s lines for the fixtures as JSON lines, CRLF included', async () => {
    const documents = library.flatMap((text) => parseJsonDocuments(text));
    for (const newline of ['\n', '\r\n']) {
      const text = documents.map((d) => JSON.stringify(d)).join(newline);
      const full = ordered(
        (await triage().assessDocuments('in.json', parseJsonDocuments(text))).map((line) =>
          printable(JSON.stringify(line)),
        ),
      );
      for (const size of [7, 65_536]) expect(await fastPath(triage(), text, size)).toEqual(full);
    }
  });

  it('reads fixtures given a Records key JSON.parse reads otherwise as the full path does', async () => {
    const parsed = library.flatMap((text) => parseJsonDocuments(text) as Record<string, unknown>[]);
    const log = parsed.find((d) => Array.isArray(d.Records)) as { Records: unknown[] };
    const events = parsed.filter((d) => typeof d['detail-type'] === 'string');
    const records = JSON.stringify(log.Records);
    const documents = [
      // A log file whose second Records array is the one JSON.parse keeps; its first made null; a findings export.
      `{"Records":${records},"Records":[${JSON.stringify(call(1))}]}`,
      `{"Records":${records},"Records":null,"findings":[${JSON.stringify(call(2))}]}`,
      `{"Rec\\u006frds":${records}}`,
      // EventBridge events carrying a top-level Records array, before or after their envelope.
      ...events.flatMap((event) => [
        JSON.stringify({ Records: log.Records, ...event }),
        JSON.stringify({ ...event, Records: log.Records }),
      ]),
    ];
    expect(documents.length).toBeGreaterThan(50);
    for (const text of documents)
      for (const size of [7, 4096])
        expect(await fastPath(triage(), text, size), text).toEqual(await fullPath(triage(), text));
  });

  it('gives the full path’s lines for 2,400 mutated CloudTrail logs, malformed records included', async () => {
    const alphabet = [
      '{',
      '}',
      '[',
      ']',
      '"',
      ',',
      ':',
      '\\',
      '0',
      '-',
      'e',
      'n',
      ' ',
      '\n',
      '\u0007',
      'é',
      'x',
    ];
    let seed = 21;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return (seed >>> 8) % n;
    };
    // One run each, fed the same inputs: incidents the matched records open are the same on both sides.
    // Fields that change what a log file is to JSON.parse and materialToEvents, added before or after its records.
    const fields = [
      () => `"Records":[${JSON.stringify(call(next(50)))}]`,
      () => '"Records":null',
      () => `"Findings":[${JSON.stringify(call(next(50)))}]`,
      () => `"Rec\\u006frds":[${JSON.stringify(call(next(50)))}]`,
      () =>
        `"detail-type":"AWS API Call via CloudTrail","source":"aws.iam","detail":${JSON.stringify(call(next(50)))}`,
      () => '"__unreadable":"a value that says so"',
      () => '"NextToken":"t"',
    ];
    let runs = { fast: triage(), full: triage() };
    let unreadable = 0;
    let fast = 0;
    for (let round = 0; round < 2400; round += 1) {
      let text = JSON.stringify({ Records: [call(round), call(round + 1), call(round + 2)] });
      if (next(3) === 0) {
        const field = (fields[next(fields.length)] as () => string)();
        text = next(2) === 0 ? `{${field},${text.slice(1)}` : `${text.slice(0, -1)},${field}}`;
      }
      for (let edits = 1 + next(3); edits > 0; edits -= 1) {
        const at = next(text.length);
        const char = alphabet[next(alphabet.length)] as string;
        // A character replaced, inserted, or written as its escape (the same string when inside one).
        const escaped = `\\u${text.charCodeAt(at).toString(16).padStart(4, '0')}`;
        const kind = next(3);
        text = text.slice(0, at) + [char, char + text.charAt(at), escaped][kind] + text.slice(at + 1);
      }
      let full: string[];
      try {
        full = await fullPath(runs.full, text);
      } catch (error) {
        // Input the splitter refuses (cut short, say) is refused on either path with the same reason; what the
        // fast path read before the refusal is forgotten with its run.
        await expect(fastPath(runs.fast, text, 1 + next(300))).rejects.toThrow((error as Error).message);
        runs = { fast: triage(), full: triage() };
        continue;
      }
      expect(await fastPath(runs.fast, text, 1 + next(300)), text).toEqual(full);
      unreadable += full.filter((line) => line.includes('"shape":"unreadable"')).length;
      fast += full.filter((line) => line.includes('"rules":[]')).length;
    }
    // Both kinds met often: malformed records kept with their reason, and records no rule takes.
    expect(unreadable).toBeGreaterThan(500);
    expect(fast).toBeGreaterThan(2000);
  });
});
