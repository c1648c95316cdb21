/**
 * An event storm through the bus's patterns and triage: 10,000 deliveries about 100 leaked keys, each key reported
 * by AWS Health (re-delivered, as EventBridge delivers at least once) and by GuardDuty (re-published as the finding
 * is updated), interleaved. Owners are resolved in a sandboxed IAM; the playbook runs started are counted.
 */
import { MemoryIncidentRegistry } from '../src/adapters/local/memory-incident-registry.js';
import { MemoryTimelineStore } from '../src/adapters/local/memory-timeline-store.js';
import { SandboxAccount } from '../src/adapters/sandbox/sandbox-account.js';
import { triage } from '../src/app/triage.js';
import { detectionRules } from '../src/detections/rules.js';
import { synthEvent } from '../src/detections/synth.js';
import { seededIds } from '../src/domain/ids.js';
import { compilePattern } from '../src/eventbus/pattern.js';

const ACCOUNT = '111122223333';
const PRINCIPALS = 100;
const PER_PRINCIPAL = 100;
const now = new Date('2026-11-28T12:00:00Z');

const keyOf = (i: number) => `AKIA${String(i).padStart(16, '0')}`;

/** The storm, in a fixed shuffled order (a seeded generator: the same storm every run). */
function storm(): Array<Record<string, unknown>> {
  const events: Array<Record<string, unknown>> = [];
  for (let i = 0; i < PRINCIPALS; i += 1) {
    const about = { user: `user-${i}`, key: keyOf(i), account: ACCOUNT, now };
    const health = { ...synthEvent('health-exposed', about), id: `health-${i}` };
    const finding = synthEvent('guardduty-tor', about);
    for (let n = 0; n < PER_PRINCIPAL / 2; n += 1) events.push(health);
    for (let n = 0; n < PER_PRINCIPAL / 2; n += 1) events.push({ ...finding, id: `finding-${i}-${n}` });
  }
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let i = events.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [events[i], events[j]] = [events[j] as Record<string, unknown>, events[i] as Record<string, unknown>];
  }
  return events;
}

export async function benchStorm(): Promise<Array<[string, string]>> {
  const events = storm();
  const sandbox = new SandboxAccount(
    {
      id: ACCOUNT,
      region: 'us-east-1',
      users: Array.from({ length: PRINCIPALS }, (_, i) => ({
        name: `user-${i}`,
        accessKeys: [{ id: keyOf(i), createdAt: '2026-01-01T00:00:00Z' }],
      })),
    } as never,
    { now: () => now },
  );
  let started = 0;
  const outcomes = new Map<string, number>();
  const rules = detectionRules({}).map((r) => compilePattern(r.pattern));
  const deps = {
    identityFor: () => sandbox.identity(),
    registry: new MemoryIncidentRegistry(),
    timeline: new MemoryTimelineStore(),
    workflow: {
      start: async () => {
        started += 1;
        return 'started' as const;
      },
      sendTaskSuccess: async () => undefined,
      sendTaskFailure: async () => undefined,
    },
    clock: { now: () => now },
    ids: seededIds('storm'),
    drill: false,
    protectedPrincipals: [],
  };
  const heapBefore = process.memoryUsage().heapUsed;
  const begin = process.hrtime.bigint();
  for (const event of events) {
    for (const rule of rules) {
      if (!rule.matches(event)) continue;
      const result = await triage(event, deps);
      for (const s of result.signals) outcomes.set(s.outcome, (outcomes.get(s.outcome) ?? 0) + 1);
    }
  }
  const seconds = Number(process.hrtime.bigint() - begin) / 1e9;
  const heap = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  const timelineEntries = (
    await Promise.all((await deps.timeline.incidents()).map((id) => deps.timeline.list(id)))
  ).flat().length;
  return [
    [
      'event storm',
      `${events.length.toLocaleString('en')} events about ${PRINCIPALS} keys (Health re-delivered, GuardDuty re-published)`,
    ],
    [
      'storm throughput (bus patterns + triage, IAM sandboxed)',
      `${Math.round(events.length / seconds).toLocaleString('en')} events/s`,
    ],
    [
      'storm playbook runs started',
      `${started} (one per key; ${[...outcomes].map(([k, v]) => `${v} ${k}`).join(', ')})`,
    ],
    ['storm timeline entries', `${timelineEntries} (re-deliveries and re-publications counted, not written)`],
    ['storm heap growth', `${heap.toFixed(1)} MiB`],
  ];
}
