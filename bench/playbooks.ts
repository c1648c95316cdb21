/**
 * Per playbook, from every drill and every path of it run through the local runtime: state transitions and Lambda
 * invocations per incident, Lambda hops from the event to the first containment call, and what a run costs at
 * Step Functions and Lambda request prices. Counts, not timings: the same on every machine.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDrill, onPath } from '../src/drills/drill-file.js';
import { runDrill } from '../src/drills/drill-runner.js';
import { loadDefinition } from '../src/runtime/asl.js';
import { BEFORE_THE_RUN, runMetrics } from '../src/runtime/run-metrics.js';
import { compareTransitions, type TransitionsByRun } from './transitions-baseline.js';

const root = fileURLToPath(new URL('../', import.meta.url));

/** Step Functions Standard, us-east-1: $0.025 per 1,000 state transitions. */
const PER_TRANSITION = 0.025 / 1000;
/** Lambda, us-east-1: $0.20 per million requests (duration is billed on top, by the AWS calls' latency). */
const PER_INVOCATION = 0.2 / 1_000_000;

export async function benchPlaybooks(): Promise<Array<[string, string]>> {
  const rows: Array<[string, string]> = [];
  // Hops to the first change, from the event or, when a responder let it through, from the approval's arrival.
  const hops = new Map<string, number>();
  const transitions: TransitionsByRun = {};
  const names = readdirSync(join(root, 'drills'))
    .filter((f) => f.endsWith('.yml'))
    .map((f) => f.slice(0, -4))
    .sort();
  for (const name of names) {
    const drill = await loadDrill(join(root, 'drills', `${name}.yml`));
    for (const path of ['main', ...Object.keys(drill.paths)]) {
      const report = await runDrill(path === 'main' ? drill : onPath(drill, path), {
        root,
        stateDir: mkdtempSync(join(tmpdir(), 'rekey-bench-')),
      });
      for (const execution of report.executions) {
        const metrics = runMetrics(execution, await loadDefinition(root, execution.playbook));
        const closed = report.timelines.get(execution.name)?.findLast((e) => e.type === 'incident-closed');
        const reached = metrics.hopsAfterApproval ?? metrics.hopsToContainment;
        // A drill's own playbook (replacing the committed one) is not what the goal is about.
        if (reached !== undefined && !report.replacedPlaybooks.includes(execution.playbook))
          hops.set(execution.playbook, Math.max(hops.get(execution.playbook) ?? 0, reached));
        const invocations = metrics.invocations + BEFORE_THE_RUN.invocations;
        const cost = (metrics.transitions * PER_TRANSITION + invocations * PER_INVOCATION) * 1000;
        const run = `${execution.playbook} (${name}${path === 'main' ? '' : ` / ${path}`}${execution.name.includes('-r') ? ', re-raised' : ''})`;
        transitions[run] = [...(transitions[run] ?? []), metrics.transitions];
        rows.push([
          run,
          [
            String(closed?.data?.outcome ?? 'open'),
            `${metrics.transitions} transitions`,
            `${invocations} invocations (${metrics.asyncInvocations + BEFORE_THE_RUN.asyncInvocations} async)`,
            metrics.hopsToContainment === undefined
              ? 'no containment call'
              : `${metrics.hopsToContainment} hops to containment${metrics.hopsAfterApproval === undefined ? '' : ` (${metrics.hopsAfterApproval} after the approval arrives)`}`,
            `$${cost.toFixed(3)} per 1,000 incidents`,
          ].join(', '),
        ]);
      }
    }
  }
  const worst = [...hops].sort(([a], [b]) => a.localeCompare(b));
  return [
    [
      'hops to the first change, worst run',
      `${worst.map(([playbook, n]) => `${playbook} ${n}`).join(', ')} (goal 2: from the event, or from the approval's arrival when a responder let it through)`,
    ],
    compareTransitions(transitions),
    ...rows,
  ];
}
