import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FileDeadLetters } from '../../../src/adapters/local/file-dead-letters.js';
import { MemoryIncidentRegistry } from '../../../src/adapters/local/memory-incident-registry.js';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { seededIds } from '../../../src/domain/ids.js';
import { createTriageHandler } from '../../../src/handlers/triage.js';
import { silentLog } from '../../../src/ports/log.js';
import { aliceAccount } from '../../support/alice-account.js';
import { ManualClock } from '../../support/fixed-clock.js';
import { fixtureEvents } from '../../support/material.js';
import { RecordingWorkflow } from '../../support/recording-workflow.js';

const fixtures = fileURLToPath(new URL('../../../drills/events/', import.meta.url));

/** Every real-shaped event of the fixtures. */
function corpus(): Array<Record<string, unknown>> {
  return readdirSync(fixtures, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => fixtureEvents(f).events.map((e) => e.event));
}

/** A seeded generator: the same mutations on every run, so a failure is reproducible. */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const ODD_VALUES: unknown[] = [
  null,
  0,
  -1,
  1e308,
  '',
  'x'.repeat(70_000),
  '\u0000\ud800',
  [],
  {},
  true,
  ['AKIA0000000000000000'],
  { __proto__: { polluted: true } },
  'arn:aws:iam::111122223333:user/break-glass',
];

/** Every path to a value inside an event. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Object.entries(value as Record<string, unknown>);
  return [prefix, ...children.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

/** One mutation: a value replaced by an odd one, a field removed, or a string cut short. */
function mutate(event: Record<string, unknown>, random: () => number): Record<string, unknown> {
  const copy = structuredClone(event);
  const all = paths(copy).filter((p) => p.length > 0);
  const path = all[Math.floor(random() * all.length)] as string[];
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], copy) as Record<string, unknown>;
  const key = path.at(-1) as string;
  const roll = random();
  if (roll < 0.3) delete parent[key];
  else if (roll < 0.5 && typeof parent[key] === 'string')
    parent[key] = (parent[key] as string).slice(0, Math.floor(random() * (parent[key] as string).length));
  else parent[key] = ODD_VALUES[Math.floor(random() * ODD_VALUES.length)];
  return copy;
}

describe('triage under fuzzing', () => {
  it('takes 3,000 mutated real-shaped events without a throw, rejecting with a reason and keeping what it rejects', async () => {
    const events = corpus();
    expect(events.length).toBeGreaterThan(20);
    const clock = new ManualClock('2026-11-28T12:00:00Z');
    const sandbox = new SandboxAccount(aliceAccount, clock);
    const workflow = new RecordingWorkflow();
    const deadLetters = new FileDeadLetters(mkdtempSync(join(tmpdir(), 'rekey-fuzz-')));
    const handler = createTriageHandler({
      identityFor: () => sandbox.identity(),
      registry: new MemoryIncidentRegistry(),
      timeline: new MemoryTimelineStore(),
      workflow,
      clock,
      ids: seededIds('fuzz'),
      protectedPrincipals: ['arn:aws:iam::*:user/break-glass'],
      drill: false,
      deadLetters,
      log: silentLog,
    });
    const random = generator(7);
    let rejected = 0;
    for (let i = 0; i < 3000; i += 1) {
      const original = events[i % events.length] as Record<string, unknown>;
      const event = { ...mutate(original, random), id: `fuzz-${i}` };
      const result = await handler(event);
      if ('rejected' in result) {
        rejected += 1;
        expect(result.rejected.length).toBeGreaterThan(10);
      } else if ('signals' in result)
        for (const s of result.signals) if ('reason' in s) expect(s.reason.length).toBeGreaterThan(5);
    }
    expect(deadLetters.kept).toHaveLength(rejected);
    expect(rejected).toBeGreaterThan(100);
    // Containment only ever starts for a key IAM says this account owns, never for a protected principal.
    const owned = new Set(
      [...sandbox.users.values()].flatMap((u) => u.accessKeys.map((k) => k.id as string)),
    );
    // (What Rekey cannot act on only escalates: the escalation playbook changes nothing.)
    for (const start of workflow.starts.filter((s) => s.playbook !== 'escalate')) {
      const { exposure } = (start.input as { incident: { exposure: Record<string, unknown> } }).incident;
      const principal = exposure.principal as { arn: string };
      expect(principal.arn).not.toMatch(/break-glass/);
      if (exposure.kind === 'iam-user-access-key')
        for (const key of exposure.accessKeyIds as string[]) expect(owned.has(key)).toBe(true);
    }
  }, 60_000);

  it('rejects and keeps an event nested 100,000 levels deep (as a drill too), rather than overflowing and being retried', async () => {
    const deadLetters = new FileDeadLetters(mkdtempSync(join(tmpdir(), 'rekey-deep-')));
    const clock = new ManualClock('2026-11-28T12:00:00Z');
    const handler = createTriageHandler({
      registry: new MemoryIncidentRegistry(),
      timeline: new MemoryTimelineStore(),
      workflow: new RecordingWorkflow(),
      clock,
      ids: seededIds('deep'),
      protectedPrincipals: [],
      drill: false,
      ownAccountId: '111122223333',
      deadLetters,
      log: silentLog,
    });
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i += 1) deep = i % 2 ? [deep] : { nested: deep };
    const base = corpus()[0] as Record<string, unknown>;
    const plain = { ...base, id: 'deep-1', detail: { ...(base.detail as object), extra: deep } };
    const drill = {
      ...base,
      id: 'deep-2',
      source: 'rekey.drill',
      'detail-type': 'Rekey Drill Event',
      account: '111122223333',
      detail: { drill: 'x', event: plain },
    };
    for (const event of [plain, drill])
      await expect(handler(event)).resolves.toEqual({
        rejected: expect.stringMatching(/nests deeper than 64 levels/),
      });
    expect(deadLetters.kept).toHaveLength(2);
  });
});
