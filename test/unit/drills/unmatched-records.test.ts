import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonSplitter } from '../../../src/detections/json-splitter.js';
import type { SplitValue } from '../../../src/detections/split-value.js';
import { printable } from '../../../src/domain/inert-text.js';
import { createOfflineTriage } from '../../../src/drills/offline-triage.js';
import { ROOT } from '../../support/drills.js';

function split(text: string, size = 4096): SplitValue[] {
  const values: SplitValue[] = [];
  const splitter = new JsonSplitter((v) => values.push(v));
  for (let i = 0; i < text.length; i += size) splitter.push(text.slice(i, i + size));
  splitter.end();
  return values;
}

const triage = () =>
  createOfflineTriage({
    settings: { secretReadAllowlist: ['arn:aws:iam::111122223333:role/app-*'] },
    protectedPrincipals: [],
    account: '111122223333',
    region: 'us-east-1',
    now: new Date('2026-11-28T12:00:00Z'),
  });

/** A CloudTrail record of a call no rule takes, as CloudTrail writes it. */
const call = (eventSource: string, eventName: string, extra: Record<string, unknown> = {}) => ({
  eventVersion: '1.09',
  userIdentity: {
    type: 'AssumedRole',
    arn: 'arn:aws:sts::111122223333:assumed-role/app/i-1',
    accountId: '111122223333',
  },
  eventTime: '2026-11-28T09:00:00Z',
  eventSource,
  eventName,
  awsRegion: 'us-east-1',
  sourceIPAddress: '10.0.0.1',
  requestParameters: { bucketName: 'logs', maxKeys: 1000, note: 'a "quoted" \\ value' },
  responseElements: null,
  eventID: `id-${eventSource}-${eventName}`,
  readOnly: true,
  eventType: 'AwsApiCall',
  recipientAccountId: '111122223333',
  ...extra,
});

describe('records no rule can take, answered without parsing them', () => {
  const fixtures = join(ROOT, 'drills/events');
  const library = readdirSync(fixtures).flatMap((dir) =>
    readdirSync(join(fixtures, dir)).map((file) => readFileSync(join(fixtures, dir, file), 'utf8')),
  );
  const trail = JSON.stringify({
    Records: [
      call('s3.amazonaws.com', 'ListObjects'),
      call('iam.amazonaws.com', 'ListUsers'),
      call('iam.amazonaws.com', 'CreateAccessKey', { userIdentity: { type: 'Root' } }),
      call('signin.amazonaws.com', 'ConsoleLogin', { eventType: 'AwsConsoleSignIn' }),
      call('secretsmanager.amazonaws.com', 'DescribeSecret'),
      call('kms.amazonaws.com', 'Decrypt', { eventID: 7 }),
      call('ec2.amazonaws.com', 'DescribeInstances', { eventID: 'caf\u00e9-\u202e' }),
      { eventVersion: '1.09', eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity' },
      {
        'detail-type': 'AWS API Call via CloudTrail',
        source: 'aws.s3',
        detail: call('s3.amazonaws.com', 'GetObject'),
      },
    ],
  });

  it('say what the full path says of every record, fixture and log alike', async () => {
    const offline = triage();
    let quick = 0;
    for (const text of [...library, trail]) {
      for (const value of split(text)) {
        const json = offline.unmatchedJson('trail.json', value);
        const line = offline.unmatchedLine('trail.json', value);
        const full = await triage().assessDocuments('trail.json', [value.parse()]);
        if (json === undefined) {
          expect(line).toBeUndefined();
          continue;
        }
        quick += 1;
        expect(full).toHaveLength(1);
        expect(json).toBe(printable(JSON.stringify(full[0])));
        expect(line?.line).toEqual(full[0]);
      }
    }
    // The log's five calls no rule takes (the record with a numeric eventID is read whole), and the fixtures'.
    expect(quick).toBeGreaterThanOrEqual(5);
  });

  it.each([
    ['a number JSON refuses', '{"eventVersion":"1.09","eventSource":"s3.amazonaws.com","n":01}'],
    ['a missing comma', '{"eventVersion":"1.09" "eventSource":"s3.amazonaws.com"}'],
    ['a trailing comma', '{"eventVersion":"1.09","eventSource":"s3.amazonaws.com",}'],
    ['a raw control character', '{"eventVersion":"1.09","eventSource":"s3.amazonaws.com","x":"a\u0001"}'],
    ['an escape JSON lacks', '{"eventVersion":"1.09","eventSource":"s3.amazonaws.com","x":"\\x"}'],
    ['a bracket closing a brace', '{"eventVersion":"1.09","eventSource":"s3.amazonaws.com","x":{"a":1]}'],
    ['a word that is no literal', '{"eventVersion":"1.09","eventSource":"s3.amazonaws.com","x":nul}'],
  ])('leave a record with %s to the full path, which keeps it with the reason', async (_what, text) => {
    const [value] = split(`${text}\n`);
    const offline = triage();
    expect(offline.unmatchedJson('bad.jsonl', value as SplitValue)).toBeUndefined();
    const [line] = await offline.assessDocuments('bad.jsonl', [(value as SplitValue).parse()]);
    expect(line).toMatchObject({ shape: 'unreadable', reason: expect.stringMatching(/is not JSON/) });
  });

  it('never take text JSON.parse refuses for a record (mutated records, every cut)', () => {
    const record = JSON.stringify(call('s3.amazonaws.com', 'GetObject'));
    const alphabet = ['{', '}', '[', ']', '"', ',', ':', '\\', '0', '-', 'e', 'n', ' ', '\u0007', '.', 'x'];
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    let wellFormed = 0;
    for (let round = 0; round < 3000; round += 1) {
      const at = next(record.length);
      const char = alphabet[next(alphabet.length)] as string;
      const mutated =
        round % 2 === 0
          ? record.slice(0, at) + char + record.slice(at + 1)
          : record.slice(0, at) + char + record.slice(at);
      let values: SplitValue[];
      try {
        values = split(`${mutated}\n`, 1 + next(200));
      } catch {
        continue;
      }
      for (const value of values) {
        if (!value.fields) continue;
        wellFormed += 1;
        expect(() => JSON.parse(value.text), mutated).not.toThrow();
      }
    }
    expect(wellFormed).toBeGreaterThan(100);
  });
});
