/**
 * Memory on a big input: a CloudTrail log file of more than 1 GB (plain and gzipped) through `rekey triage` and
 * `rekey replay` as separate processes, their peak resident memory (GNU time's maximum RSS) against the input's size.
 * Streamed, the peak follows the largest record, not the file: the ratio is the figure.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const GB = 1024 ** 3;
/** The JavaScript heap each run is held to: reading the whole input would not fit in it. */
const HEAP_MB = 192;

/** The root user signing in: the one record a rule takes, so the replay has an incident to run. */
const ROOT_SIGN_IN = JSON.stringify({
  eventVersion: '1.09',
  userIdentity: {
    type: 'Root',
    principalId: '111122223333',
    arn: 'arn:aws:iam::111122223333:root',
    accountId: '111122223333',
  },
  eventTime: '2026-01-01T00:00:00Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-1',
  sourceIPAddress: '198.51.100.7',
  userAgent: 'Mozilla/5.0',
  requestParameters: null,
  responseElements: { ConsoleLogin: 'Success' },
  additionalEventData: { MFAUsed: 'No' },
  eventID: 'ffffffff-0000-4000-8000-000000000000',
  readOnly: false,
  eventType: 'AwsConsoleSignIn',
  recipientAccountId: '111122223333',
});

/** A CloudTrail record of about 4 KB that no rule takes (a read with a long request), numbered; the first signs in. */
function record(i: number): string {
  if (i === 0) return ROOT_SIGN_IN;
  return JSON.stringify({
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111122223333:assumed-role/app/i-0abc',
      accountId: '111122223333',
      accessKeyId: 'ASIAEXAMPLEAPPKEY001',
    },
    eventTime: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString().replace('.000', ''),
    eventSource: 's3.amazonaws.com',
    eventName: 'ListObjects',
    awsRegion: 'us-east-1',
    sourceIPAddress: '10.0.0.1',
    userAgent: 'aws-sdk-java/2.20',
    requestParameters: { bucketName: 'logs', prefix: 'x'.repeat(3500) },
    responseElements: null,
    eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    recipientAccountId: '111122223333',
  });
}

/** Writes a log file of at least `target` bytes of JSON, gzipped or not, one record at a time. */
async function writeLog(path: string, gzip: boolean, target: number): Promise<number> {
  async function* text() {
    yield '{"Records":[';
    let written = 13;
    for (let i = 0; written < target; i += 1) {
      const chunk = `${i ? ',' : ''}${record(i)}`;
      written += chunk.length;
      yield chunk;
    }
    yield ']}';
  }
  await (gzip
    ? pipeline(text(), createGzip({ level: 1 }), createWriteStream(path))
    : pipeline(text(), createWriteStream(path)));
  return statSync(path).size;
}

/** Runs `rekey ARGS` with its output discarded; its peak resident memory in MB. */
function peakMegabytes(args: string[]): number {
  const run = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '%M',
      process.execPath,
      `--max-old-space-size=${HEAP_MB}`,
      '--import',
      'tsx',
      join(ROOT, 'src/cli/main.ts'),
      ...args,
    ],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 },
  );
  const kilobytes = Number(run.stderr.trim().split('\n').at(-1));
  if (!Number.isFinite(kilobytes)) throw new Error(`rekey ${args[0]} failed: ${run.stderr.slice(-500)}`);
  return kilobytes / 1024;
}

/**
 * Peak memory of triage and replay on a log file of more than 1 GB, plain and gzipped, each run held to a 192 MB
 * heap, against triage on an eighth of it: the same peak at eight times the input is memory bounded by the record.
 */
export async function benchBigInput(): Promise<Array<[string, string]>> {
  const dir = mkdtempSync(join(tmpdir(), 'rekey-big-'));
  const rows: Array<[string, string]> = [];
  try {
    const plain = join(dir, 'trail.json');
    const zipped = join(dir, 'trail.json.gz');
    const small = join(dir, 'small.json.gz');
    const plainBytes = await writeLog(plain, false, GB + 1);
    const zippedBytes = await writeLog(zipped, true, GB + 1);
    await writeLog(small, true, GB / 8);
    const gb = (bytes: number) => `${(bytes / GB).toFixed(2)} GB`;
    rows.push([
      'big input',
      `a CloudTrail log of ${gb(plainBytes)} (${(zippedBytes / 1024 ** 2).toFixed(0)} MB gzipped), 4 KB records, heap held to ${HEAP_MB} MB`,
    ]);
    const smallPeak = peakMegabytes(['triage', small]);
    rows.push(['  rekey triage, 0.13 GB gzipped', `peak ${smallPeak.toFixed(0)} MB`]);
    for (const [label, args] of [
      ['  rekey triage, 1 GB plain', ['triage', plain]],
      ['  rekey triage, 1 GB gzipped', ['triage', zipped]],
      ['  rekey replay, 1 GB gzipped', ['replay', zipped]],
    ] as const) {
      const mb = peakMegabytes([...args]);
      rows.push([
        label,
        `peak ${mb.toFixed(0)} MB: ${(mb / smallPeak).toFixed(2)} x the peak at an eighth of the input`,
      ]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
