import * as z from 'zod';
import { IncompleteEvidenceError } from '../domain/errors.js';
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
  const journal = await believedEntries(timeline, incidentId, [
    'step-succeeded',
    'step-simulated',
    'step-failed',
  ]);
  const outcomeOf = (step: string) =>
    (lastEntry(journal, step, 'step-succeeded') ?? lastEntry(journal, step, 'step-simulated'))?.data?.outcome;
  // The steps run in order and stop at the first failure: each before it succeeded, and its outcome is what later
  // steps act on (persistence to sweep, a cut-off). Missing (a spoilt or lost entry), nothing is certain: escalate.
  const order = Object.values(results).map((r) => r.step);
  const firstFailed = order.findIndex((step) => lastEntry(journal, step, 'step-failed') !== undefined);
  const unknown = order
    .slice(0, Math.max(firstFailed, 0))
    .filter((step) => typeof outcomeOf(step) !== 'object');
  if (unknown.length > 0)
    throw new IncompleteEvidenceError(
      `the journal holds no believable outcome of ${unknown.join(', ')}, which ran before ${order[firstFailed]} failed: what it did is not known`,
    );
  const recalled = (fallback: StepResult): StepResult => {
    const succeeded = outcomeOf(fallback.step);
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
