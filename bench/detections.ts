/**
 * Detection throughput: events per second through every rule (one rule set), from JSON text and from parsed
 * events, against AWS's event-ruler on the same rules and events in the same run (goal: at least its rate), and
 * triage (normalise, guardrails, registry) with in-memory stores. Figures are compared as ratios within this run.
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
import { RuleSet } from '../src/eventbus/rule-set.js';
import { rulerRate } from './ruler-rate.js';

const fixtures = fileURLToPath(new URL('../drills/events/', import.meta.url));
export const settings = { secretReadAllowlist: ['arn:aws:iam::111122223333:role/app-*'] };

/** Every fixture as the event it becomes. */
export function corpus(): Record<string, unknown>[] {
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

/** Events per second over `millis` of whole passes, after a warm-up as long (as event-ruler is measured). */
function rate(events: readonly unknown[], millis: number, match: (event: unknown) => unknown): number {
  const pass = () => {
    for (const event of events) match(event);
  };
  for (const warm = Date.now() + millis; Date.now() < warm; ) pass();
  const start = process.hrtime.bigint();
  const end = Date.now() + millis;
  let passes = 0;
  do {
    pass();
    passes += 1;
  } while (Date.now() < end);
  return (passes * events.length) / (Number(process.hrtime.bigint() - start) / 1e9);
}

const MILLIS = 2000;
const perSecond = (n: number) => `${Math.round(n).toLocaleString('en')} events/s`;

/** Rekey's matching rates, event-ruler's in the same run, and whether both name the same rules for every event. */
function matchingRows(events: Record<string, unknown>[]): Array<[string, string]> {
  const rules = detectionRules(settings);
  const set = new RuleSet(rules);
  const texts = events.map((event) => JSON.stringify(event));
  const rekey = {
    text: rate(texts, MILLIS, (text) => set.matching(text)),
    parsed: rate(events, MILLIS, (event) => set.matching(event)),
  };
  const ruler = rulerRate(rules, texts, MILLIS);
  const row = (form: 'text' | 'parsed', label: string): [string, string] => [
    `matching all rules, ${label}`,
    'missing' in ruler
      ? `Rekey ${perSecond(rekey[form])}; event-ruler not run: ${ruler.missing}`
      : `Rekey ${perSecond(rekey[form])}, event-ruler ${perSecond(ruler[form])}: ${(rekey[form] / ruler[form]).toFixed(2)} x event-ruler (goal >= 1.0 x)`,
  ];
  const rows = [row('text', 'from JSON text'), row('parsed', 'from parsed events')];
  if (!('missing' in ruler)) {
    const differ = texts.filter((text, i) => set.matching(text).join() !== (ruler.matches[i] ?? []).join());
    rows.push([
      'Rekey and event-ruler',
      differ.length === 0
        ? `name the same rules for all ${texts.length} events`
        : `name different rules for ${differ.length} of ${texts.length} events`,
    ]);
  }
  return rows;
}

export async function benchDetections(): Promise<Array<[string, string]>> {
  const events = corpus();
  const matching = matchingRows(events);
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

  return [
    ['corpus', `${events.length} events (every fixture), ${detectionRules(settings).length} rules`],
    ...matching,
    [
      'triage (normalise, guardrails, registry; in memory)',
      `${perSecond(triagePerSecond)} (goal >= 50,000 events/s)`,
    ],
    [
      'heap growth over the triage run',
      `${((heapAfter - heapBefore) / 1024 / 1024).toFixed(1)} MiB for ${triageRounds * events.length} events`,
    ],
  ];
}
