/**
 * Goal 6: state transitions per run do not grow. Each drill path's transitions against the committed baseline
 * (`bench/transitions-baseline.json`, taken at af273ef); `REKEY_WRITE_TRANSITIONS_BASELINE=1 npm run bench` takes a new
 * one, deliberately, when a playbook gains a step.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const file = fileURLToPath(new URL('./transitions-baseline.json', import.meta.url));

/** Transitions of each run, by the bench's label of its drill and path (a drill may run several incidents). */
export type TransitionsByRun = Record<string, number[]>;

/** The bench's line comparing each run's transitions with the baseline's (runs it does not have are new). */
export function compareTransitions(current: TransitionsByRun): [string, string] {
  if (process.env.REKEY_WRITE_TRANSITIONS_BASELINE === '1')
    writeFileSync(file, `${JSON.stringify(current, null, 1)}\n`);
  const baseline: TransitionsByRun = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  let fewer = 0;
  let same = 0;
  let saved = 0;
  let fresh = 0;
  const grew: string[] = [];
  for (const [run, counts] of Object.entries(current)) {
    const before = baseline[run];
    if (!before) {
      fresh += counts.length;
      continue;
    }
    counts.forEach((count, i) => {
      const was = before[i];
      if (was === undefined) fresh += 1;
      else if (count > was) grew.push(`${run} ${was} -> ${count}`);
      else if (count < was) {
        fewer += 1;
        saved += was - count;
      } else same += 1;
    });
  }
  return [
    'transitions per run against the baseline',
    `${grew.length} grew${grew.length ? ` (${grew.join('; ')})` : ''}, ${fewer} fewer (${saved} transitions in all), ${same} the same, ${fresh} new runs (goal 6: none grew)`,
  ];
}
