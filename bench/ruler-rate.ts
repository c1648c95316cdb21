/**
 * event-ruler's matching rate on the same rules and events, measured alongside Rekey's in one bench run
 * (tools/ruler-diff's RulerBench: one Machine holding every rule, rulesForJSONEvent from text and from Jackson's
 * parsed tree). Undefined when Java or Maven is missing: the bench then says so instead of a ratio.
 */
import { spawnSync } from 'node:child_process';
import { missingTool, rulerHarness } from '../scripts/ruler-diff/harness.js';

/** Events per second from JSON text and from parsed events, and the rules each event matched. */
export interface RulerRate {
  text: number;
  parsed: number;
  matches: string[][];
}

/** Runs event-ruler over the events for `millis` of warm-up and `millis` of measurement per form. */
export function rulerRate(
  rules: ReadonlyArray<{ name: string; pattern: unknown }>,
  events: readonly string[],
  millis: number,
): RulerRate | { missing: string } {
  const missing = missingTool();
  if (missing) return { missing };
  const { classpath, hosts } = rulerHarness();
  const input = {
    rules: rules.map((rule) => ({ name: rule.name, pattern: JSON.stringify(rule.pattern) })),
    events,
    millis,
  };
  const run = spawnSync(
    'java',
    [`-Djdk.net.hosts.file=${hosts}`, '-cp', classpath, 'rekey.rulerdiff.RulerBench'],
    { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  if (run.status !== 0) throw new Error(`event-ruler's bench harness failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as RulerRate;
}
