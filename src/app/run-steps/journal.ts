import type { TimelineEntry } from '../../domain/timeline.js';
import type { RunStepsDeps, StepRequest } from './step-request.js';

/** The entries the journal of steps is read from. */
export const JOURNAL_TYPES = ['step-started', 'step-succeeded', 'step-rolled-back'] as const;

/** The journal's latest entry of one type for one step. */
export function lastEntry(
  entries: TimelineEntry[],
  step: string,
  type: TimelineEntry['type'],
): TimelineEntry | undefined {
  return entries.findLast((e) => e.step === step && e.type === type);
}

/** The plan journaled when the step first started: a retry reuses it. */
export function journaledPlan(history: TimelineEntry[], step: string): Record<string, unknown> | undefined {
  return lastEntry(history, step, 'step-started')?.data?.plan as Record<string, unknown> | undefined;
}

/** The steps responders have rolled back (a false positive restored). */
export function restoredStepsOf(history: TimelineEntry[]): string[] {
  return history.flatMap((e) => (e.type === 'step-rolled-back' && e.step ? [e.step] : []));
}

/** An error's name and message, as the journal records a failure. */
export function errorParts(error: unknown): { name: string; message: string } {
  return {
    name: error instanceof Error ? error.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
  };
}

/**
 * Every step already done: the state machine ran the group again because the earlier run's answer was lost (the
 * function timed out after its work, or Lambda failed to answer); a failed step would have been left undone.
 */
export async function noteRepeatedRun(
  incidentId: string,
  requests: StepRequest[],
  history: TimelineEntry[],
  deps: Pick<RunStepsDeps, 'timeline' | 'clock' | 'actor'>,
): Promise<void> {
  const first = requests[0];
  if (!first || !requests.every((r) => lastEntry(history, r.step, 'step-succeeded'))) return;
  await deps.timeline.append(incidentId, {
    type: 'step-repeated',
    at: deps.clock.now().toISOString(),
    actor: deps.actor,
    step: first.step,
    summary: `run again for ${requests.map((r) => r.step).join(', ')}, already done: an earlier run's answer was lost (a Lambda timeout); the journal kept it from changing anything twice`,
    data: { steps: requests.map((r) => r.step) },
  });
}
