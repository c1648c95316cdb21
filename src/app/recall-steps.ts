import type { TimelineStore } from '../ports/timeline-store.js';
import { believedEntries } from './believed-entries.js';
import { lastEntry } from './run-steps/journal.js';

/** A step's result as the state machine keeps it: at least which step it is. */
export type StepResult = { step: string; facts?: Record<string, unknown> } & Record<string, unknown>;

/**
 * The results of an invocation that failed, as its journal tells them: a step that succeeded before the failure
 * gives its outcome, a step that failed gives the facts it established (over the fallbacks the playbook names for
 * it), a step that never ran keeps its fallbacks. Only sealed entries are believed: what later steps act on (an
 * origin key to search, roles to revoke) never comes from a forged entry.
 */
export async function recallSteps(
  incidentId: string,
  results: Record<string, StepResult>,
  timeline: TimelineStore,
): Promise<Record<string, StepResult>> {
  const journal = await believedEntries(timeline, incidentId, ['step-succeeded', 'step-failed']);
  const recalled = (fallback: StepResult): StepResult => {
    const succeeded = lastEntry(journal, fallback.step, 'step-succeeded')?.data?.outcome;
    if (succeeded && typeof succeeded === 'object') return succeeded as StepResult;
    const facts = lastEntry(journal, fallback.step, 'step-failed')?.data?.facts;
    if (!facts || typeof facts !== 'object') return fallback;
    return { ...fallback, facts: { ...fallback.facts, ...(facts as Record<string, unknown>) } };
  };
  return Object.fromEntries(Object.entries(results).map(([key, result]) => [key, recalled(result)]));
}
