/**
 * Detection throughput: events per second through every rule (flatten once, match all rules), the same
 * flattening per rule for comparison, and triage (normalise, guardrails, registry) with in-memory stores.
 * Figures are compared as ratios within this run; they are not limits.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryIncidentRegistry } from '../src/adapters/local/memory-incident-registry.js';
import { MemoryTimelineStore } from '../src/adapters/local/memory-timeline-store.js';
import { triage } from '../src/app/triage.js';
import { materialToEvents, parseJsonDocuments } from '../src/detections/material.js';
import { detectionRules } from '../src/detections/rules.js';
import { seededIds } from '../src/domain/ids.js';
import { compilePattern, flatten } from '../src/eventbus/pattern.js';

const fixtures = fileURLToPath(new URL('../drills/events/', import.meta.url));
const settings = { secretReadAllowlist: ['arn:aws:iam::111122223333:role/app-*'] };

function corpus(): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  for (const dir of readdirSync(fixtures)) {
    for (const file of readdirSync(join(fixtures, dir))) {
      const values = parseJsonDocuments(readFileSync(join(fixtures, dir, file), 'utf8'));
      const { events: read } = materialToEvents(values, {
        account: '111122223333',
        region: 'us-east-1',
        now: new Date(),
      });
      events.push(...read.map((e) => e.event));
    }
  }
  return events;
}

function rate(label: string, count: number, run: () => void): { label: string; perSecond: number } {
  run(); // warm-up
  const start = process.hrtime.bigint();
  let done = 0;
  while (done < count) {
    run();
    done += 1;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { label, perSecond: count / seconds };
}

export async function benchDetections(): Promise<Array<[string, string]>> {
  const events = corpus();
  const rules = detectionRules(settings).map((r) => compilePattern(r.pattern));
  const rounds = 200;
  const once = rate('match', rounds, () => {
    for (const event of events) {
      const flat = flatten(event);
      for (const rule of rules) rule.matchesFlat(flat);
    }
  });
  const perRule = rate('match per rule', rounds, () => {
    for (const event of events) for (const rule of rules) rule.matches(event);
  });

  const deps = {
    registry: new MemoryIncidentRegistry(),
    timeline: new MemoryTimelineStore(),
    workflow: {
      start: async () => 'started' as const,
      sendTaskSuccess: async () => undefined,
      sendTaskFailure: async () => undefined,
    },
    clock: { now: () => new Date('2026-11-28T12:00:00Z') },
    ids: seededIds('bench'),
    drill: false,
    settings,
    protectedPrincipals: [],
    administratorAccounts: ['999988887777'],
  };
  const triageRounds = 50;
  const heapBefore = process.memoryUsage().heapUsed;
  const start = process.hrtime.bigint();
  for (let i = 0; i < triageRounds; i += 1) {
    for (const event of events) await triage({ ...event, id: `${String(event.id)}-${i}` }, deps);
  }
  const triageSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const triagePerSecond = (triageRounds * events.length) / triageSeconds;
  const heapAfter = process.memoryUsage().heapUsed;

  const perEvent = (r: { perSecond: number }) => r.perSecond * events.length;
  return [
    ['corpus', `${events.length} events (every fixture), ${rules.length} rules`],
    [
      'matching, flatten once per event',
      `${Math.round(perEvent(once)).toLocaleString('en')} events/s through all rules`,
    ],
    [
      'matching, flatten per rule',
      `${Math.round(perEvent(perRule)).toLocaleString('en')} events/s (×${(perEvent(once) / perEvent(perRule)).toFixed(1)} slower)`,
    ],
    [
      'triage (normalise, guardrails, registry; in memory)',
      `${Math.round(triagePerSecond).toLocaleString('en')} events/s`,
    ],
    ['triage vs matching', `matching is ×${(perEvent(once) / triagePerSecond).toFixed(1)} the triage rate`],
    [
      'heap growth over the triage run',
      `${((heapAfter - heapBefore) / 1024 / 1024).toFixed(1)} MiB for ${triageRounds * events.length} events`,
    ],
  ];
}
