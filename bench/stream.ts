/**
 * `rekey triage`'s own path (splitter, offline triage, batched output to a sink) in one process: CloudTrail records
 * no rule takes, as a log file of varied calls (goal: 150,000 records/s), and events rules take, through full
 * triage (goal: 50,000 events/s).
 */
import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { LineWriter } from '../src/cli/line-writer.js';
import { valuesOf } from '../src/cli/read-inputs.js';
import { triageValues } from '../src/cli/triage-command.js';
import { detectionRules } from '../src/detections/rules.js';
import { printable } from '../src/domain/inert-text.js';
import { createOfflineTriage, REMEMBERED_DELIVERIES, type TriageLine } from '../src/drills/offline-triage.js';
import { RuleSet } from '../src/eventbus/rule-set.js';
import { corpus, settings } from './detections.js';

const CALLS = [
  ['s3', 'GetObject'],
  ['ec2', 'DescribeInstances'],
  ['kms', 'Decrypt'],
  ['sts', 'AssumeRole'],
  ['lambda', 'Invoke'],
  ['dynamodb', 'DescribeTable'],
  ['logs', 'CreateLogStream'],
  ['iam', 'ListRoles'],
] as const;

/** A CloudTrail record of an everyday call by an application's role (about 1.5 KB, as CloudTrail writes them). */
function everydayCall(i: number): string {
  const [service, eventName] = CALLS[i % CALLS.length] as (typeof CALLS)[number];
  const session = `i-0abc${i % 97}`;
  return JSON.stringify({
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: `AROAEXAMPLEAPPROLE01:${session}`,
      arn: `arn:aws:sts::111122223333:assumed-role/app/${session}`,
      accountId: '111122223333',
      accessKeyId: `ASIAEXAMPLE${String(i % 1000).padStart(9, '0')}`,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAEXAMPLEAPPROLE01',
          arn: 'arn:aws:iam::111122223333:role/app',
          accountId: '111122223333',
          userName: 'app',
        },
        attributes: { creationDate: '2026-01-01T00:00:00Z', mfaAuthenticated: 'false' },
        ec2RoleDelivery: '2.0',
      },
    },
    eventTime: new Date(Date.UTC(2026, 0, 1) + i * 100).toISOString().replace(/\.\d+Z/, 'Z'),
    eventSource: `${service}.amazonaws.com`,
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '10.0.12.34',
    userAgent:
      'aws-sdk-java/2.25.10 Linux/6.1 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10 vendor/Amazon.com_Inc. exec-env/AWS_ECS_FARGATE',
    requestParameters: { bucketName: 'app-data', key: `objects/${i}.json`, maxKeys: 1000 },
    responseElements: null,
    requestID: `REQ${String(i).padStart(13, '0')}`,
    eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    readOnly: true,
    resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::app-data/objects/${i}.json` }],
    eventType: 'AwsApiCall',
    managementEvent: false,
    recipientAccountId: '111122223333',
    eventCategory: 'Data',
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256' },
  });
}

/**
 * The event as a new report of the same kind: its own envelope id and its own report id (a CloudTrail record's
 * eventID, a finding's id, a Health event's ARN, a scanner finding's line), so each is a signal triage records, as
 * a year of CloudTrail holds them, not a re-published one it only counts.
 */
export function newReport(event: Record<string, unknown>, i: number): Record<string, unknown> {
  const detail = { ...(event.detail as Record<string, unknown>) };
  const own = (value: unknown) => `${String(value)}-${i}`;
  if (typeof detail.eventID === 'string') detail.eventID = own(detail.eventID);
  if (typeof detail.id === 'string') detail.id = own(detail.id);
  if (typeof detail.eventArn === 'string') detail.eventArn = own(detail.eventArn);
  if (typeof detail.line === 'number') detail.line = detail.line + i;
  if (Array.isArray(detail.findings))
    detail.findings = detail.findings.map((finding: Record<string, unknown>) => ({
      ...finding,
      Id: own(finding.Id),
    }));
  return { ...event, id: own(event.id), detail };
}

/** Bytes as the 64 KiB buffers a file is read in. */
async function* chunks(all: Buffer): AsyncGenerator<Buffer> {
  for (let at = 0; at < all.length; at += 65_536) yield all.subarray(at, at + 65_536);
}

/** `rekey triage`'s loop over the bytes, as the bench configures it, its lines discarded. */
async function triageDiscarding(bytes: AsyncIterable<Buffer>): Promise<void> {
  const triage = benchTriage();
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  await triageValues(triage, valuesOf('bench.json', bytes), new LineWriter(sink));
}

/** The offline triage the bench configures. */
const benchTriage = () =>
  createOfflineTriage({
    settings,
    protectedPrincipals: [],
    account: '111122223333',
    region: 'us-east-1',
    now: new Date('2026-11-28T12:00:00Z'),
  });

/** Each value's triage lines, in order, as `rekey triage` would print them (not yet as text). */
async function linesOf(bytes: Buffer): Promise<TriageLine[][]> {
  const triage = benchTriage();
  const all: TriageLine[][] = [];
  for await (const { name, values } of valuesOf('bench.json', chunks(bytes)))
    for (const value of values) all.push(await triage.assessDocuments(name, [value.parse()]));
  return all;
}

/**
 * The floor under full triage, in values per second of CPU time (best of `rounds`): the same bytes read, split and
 * parsed, and each value's own triage lines printed (JSON.stringify, printable, the batched writer), with no
 * triage between them: what is left of a goal's time per event for routing, normalising and registering.
 */
async function floorThroughput(bytes: Buffer, lines: TriageLine[][], rounds: number): Promise<number> {
  let best = 0;
  for (let round = 0; round < rounds; round += 1) {
    const start = process.cpuUsage();
    const out = new LineWriter(new Writable({ write: (_chunk, _encoding, done) => done() }));
    let at = 0;
    for await (const { values } of valuesOf('bench.json', chunks(bytes))) {
      for (const value of values) {
        const parsed = value.parse();
        for (const line of lines[at] as TriageLine[]) {
          // The parsed event is used, as triage uses it: its id is the line's.
          if (typeof parsed === 'object' && parsed !== null && 'id' in parsed)
            line.eventId = String(parsed.id);
          out.line(printable(JSON.stringify(line)));
        }
        at += 1;
      }
      await out.flushIfFull();
    }
    await out.flush();
    const used = process.cpuUsage(start);
    best = Math.max(best, lines.length / ((used.user + used.system) / 1e6));
  }
  return best;
}

/**
 * Values per second of the process's CPU time (every thread's: stricter than one core's wall time, and the same
 * whatever else the machine runs) through triage's path, output discarded; the best of `rounds`.
 */
async function throughput(bytes: Buffer, count: number, rounds: number): Promise<number> {
  let best = 0;
  for (let round = 0; round < rounds; round += 1) {
    const start = process.cpuUsage();
    await triageDiscarding(chunks(bytes));
    const used = process.cpuUsage(start);
    best = Math.max(best, count / ((used.user + used.system) / 1e6));
  }
  return best;
}

/**
 * Events per second of CPU time before and after offline triage's delivery memory fills (REMEMBERED_DELIVERIES):
 * one run over `first` events and as many again, the time taken where the second half's bytes start.
 */
async function pastTheMemory(matching: readonly unknown[], first: number): Promise<[number, number]> {
  const line = (i: number) =>
    `${JSON.stringify(newReport(matching[i % matching.length] as Record<string, unknown>, i))}\n`;
  // Built in parts: the whole run's text would near a string's largest length.
  const part = (from: number) =>
    Buffer.from(Array.from({ length: first }, (_, i) => line(from + i)).join(''));
  const before = part(0);
  const bytes = Buffer.concat([before, part(first)]);
  const start = process.cpuUsage();
  let middle: NodeJS.CpuUsage | undefined;
  async function* marked(): AsyncGenerator<Buffer> {
    for (let at = 0; at < bytes.length; at += 65_536) {
      if (at >= before.length) middle ??= process.cpuUsage();
      yield bytes.subarray(at, at + 65_536);
    }
  }
  await triageDiscarding(marked());
  const seconds = (used: NodeJS.CpuUsage) => (used.user + used.system) / 1e6;
  const firstHalf = seconds(process.cpuUsage(start)) - seconds(process.cpuUsage(middle));
  return [first / firstHalf, first / seconds(process.cpuUsage(middle))];
}

const rate = (n: number, unit: string, goal: number) =>
  `${Math.round(n).toLocaleString('en')} ${unit}/s: ${(n / goal).toFixed(2)} x the goal of ${goal.toLocaleString('en')}`;

/** Records no rule takes, and events rules take, through `rekey triage`'s path on one core. */
export async function benchStream(): Promise<Array<[string, string]>> {
  const rules = new RuleSet(detectionRules(settings));
  const matching = corpus().filter((event) => rules.matching(event).length > 0);
  const records = 200_000;
  // Encoded before timing, as a file's bytes are: what is measured starts where `rekey triage` reads them.
  const log = Buffer.from(
    `{"Records":[${Array.from({ length: records }, (_, i) => everydayCall(i)).join(',')}]}`,
  );
  // Enough events that the compiler has settled before the best round (a run of a few thousand measures warm-up).
  const rounds = 160;
  const events = Buffer.from(
    Array.from({ length: rounds * matching.length }, (_, i) =>
      JSON.stringify(newReport(matching[i % matching.length] as Record<string, unknown>, i)),
    ).join('\n'),
  );
  const [fresh, full] = await pastTheMemory(matching, REMEMBERED_DELIVERIES);
  const unmatched = await throughput(log, records, 3);
  const triaged = await throughput(events, rounds * matching.length, 3);
  const floor = await floorThroughput(events, await linesOf(events), 3);
  const us = (perSecond: number) => 1e6 / perSecond;
  return [
    [
      'rekey triage, records no rule takes',
      `${rate(unmatched, 'records', 150_000)} (${(log.length / records / 1024).toFixed(1)} KiB CloudTrail records, one core)`,
    ],
    [
      'rekey triage, events rules take',
      `${rate(triaged, 'events', 50_000)} (the ${matching.length} fixtures rules take, each a new report, full triage)`,
    ],
    [
      'rekey triage, its floor',
      `${rate(floor, 'events', 50_000)} (the same events read, parsed and their lines printed, no triage between): triage itself costs ${(us(triaged) - us(floor)).toFixed(1)} us an event, the goal leaves it ${(us(50_000) - us(floor)).toFixed(1)} us`,
    ],
    [
      'rekey triage, past its delivery memory',
      `${Math.round(fresh).toLocaleString('en')} events/s for the first ${REMEMBERED_DELIVERIES.toLocaleString('en')} events, ${Math.round(full).toLocaleString('en')} for as many after it is full: ${(full / fresh).toFixed(2)} x (goal: not slower as a run grows)`,
    ],
  ];
}

/**
 * benchStream in a process of its own, as `rekey triage` runs: in the bench's process it would also pay for the heap
 * the benches before it left behind (records no rule takes measured about 15% slower so: 141,000 against 169,000 records/s).
 */
export function benchStreamApart(): Array<[string, string]> {
  const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--rows'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (run.status !== 0) throw new Error(`the streamed-triage bench failed: ${run.stderr.slice(-500)}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as Array<[string, string]>;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--rows'))
  console.log(JSON.stringify(await benchStream()));
