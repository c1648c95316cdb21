import * as z from 'zod';
import type { TimelineStore } from '../ports/timeline-store.js';
import { believedEntries } from './believed-entries.js';
import { lastEntry } from './run-steps/journal.js';

/** A step's result as the state machine keeps it: at least which step it is. */
export const StepResultSchema = z.looseObject({
  step: z.string(),
  status: z.string().optional(),
  facts: z.record(z.string(), z.unknown()).optional(),
});

/** A step's result as the state machine keeps it. */
export type StepResult = z.infer<typeof StepResultSchema>;

/**
 * The results recalled by key, the outcomes of the steps that did run, in order (what the notice lists), and which
 * step failed (its id; every step's, when the journal names none).
 */
export interface Recalled {
  results: Record<string, StepResult>;
  outcomes: StepResult[];
  failed: string;
}

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
): Promise<Recalled> {
  const journal = await believedEntries(timeline, incidentId, ['step-succeeded', 'step-failed']);
  const recalled = (fallback: StepResult): StepResult => {
    const succeeded = lastEntry(journal, fallback.step, 'step-succeeded')?.data?.outcome;
    if (succeeded && typeof succeeded === 'object') return StepResultSchema.parse(succeeded);
    const facts = lastEntry(journal, fallback.step, 'step-failed')?.data?.facts;
    if (!facts || typeof facts !== 'object') return fallback;
    return { ...fallback, facts: { ...fallback.facts, ...(facts as Record<string, unknown>) } };
  };
  const answered = Object.entries(results).map(([key, result]) => [key, recalled(result)] as const);
  const steps = answered.map(([, r]) => r);
  const failed = steps.filter(
    (r) => r.status === 'failed' && lastEntry(journal, r.step, 'step-failed') !== undefined,
  );
  return {
    results: Object.fromEntries(answered),
    outcomes: steps.filter((r) => r.status !== 'failed'),
    failed: (failed.length ? failed : steps).map((r) => r.step).join(', '),
  };
}
