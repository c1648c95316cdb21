import { type AslDefinition, allStates } from '../runtime/asl.js';
import type { LocalExecution } from '../runtime/local-workflow.js';

/** How much of one compiled state machine the drills entered. */
export interface StateCoverage {
  playbook: string;
  entered: number;
  total: number;
  /** The states no drill path entered, in the definition's order. */
  missing: string[];
}

/**
 * Per playbook, the states entered by at least one execution (those inside a Map included) against every state
 * of its committed definition: a state no drill enters is a branch nothing proves.
 */
export function stateCoverage(
  definitions: Record<string, AslDefinition>,
  executions: Iterable<Pick<LocalExecution, 'playbook' | 'entered'>>,
): StateCoverage[] {
  const entered = new Map<string, Set<string>>();
  for (const execution of executions) {
    const states = entered.get(execution.playbook) ?? new Set<string>();
    for (const state of execution.entered) states.add(state);
    entered.set(execution.playbook, states);
  }
  return Object.entries(definitions)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([playbook, definition]) => {
      const names = allStates(definition).map(([name]) => name);
      const seen = entered.get(playbook) ?? new Set<string>();
      const missing = names.filter((name) => !seen.has(name));
      return { playbook, entered: names.length - missing.length, total: names.length, missing };
    });
}

/** One line per playbook (`exposed-access-key  41/41 states (100%)`), then the states nothing entered. */
export function stateCoverageText(coverage: StateCoverage[]): string[] {
  const width = Math.max(0, ...coverage.map((c) => c.playbook.length));
  return coverage.flatMap((c) => [
    `${c.playbook.padEnd(width)}  ${c.entered}/${c.total} states (${Math.floor((100 * c.entered) / c.total)}%)`,
    ...(c.missing.length > 0 ? [`${' '.repeat(width)}  never entered: ${c.missing.join(', ')}`] : []),
  ]);
}

/** Whether every state of every playbook was entered. */
export const fullyCovered = (coverage: StateCoverage[]): boolean =>
  coverage.every((c) => c.missing.length === 0);
