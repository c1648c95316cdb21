import type { TimelineEntry } from '../../domain/timeline.js';
import { answeredFromObservations, type HolderObservation } from '../holder-observation.js';
import { lastEntry } from './journal.js';
import type { PreparedStep } from './step-context.js';
import type { RunMode, StepRequest } from './step-request.js';

/** What a step observed before the group's first change, where it could observe early. */
export type EarlyObservation = Promise<Record<string, unknown> | undefined> | undefined;

/**
 * Steps whose observation no earlier step changes observe all at once, before the first change: the group's reads
 * cost one round trip, not one per step. A step that cannot be prepared yet (an account out of reach) is left to
 * fail in its turn, after the steps before it.
 */
export function observeEarly(
  requests: StepRequest[],
  prepare: (request: StepRequest) => PreparedStep,
  history: TimelineEntry[],
  mode: RunMode,
  observed: readonly HolderObservation[] = [],
): EarlyObservation[] {
  return requests.map((request): EarlyObservation => {
    let step: PreparedStep | undefined;
    try {
      step = prepare(request);
    } catch {
      return undefined;
    }
    if (!step.ok || !step.action.observe || !step.action.independentObservation) return undefined;
    if (
      lastEntry(history, request.step, 'step-succeeded') ||
      lastEntry(history, request.step, 'step-started')
    )
      return undefined;
    if (mode === 'simulate' && step.action.descriptor.mutating) return undefined;
    // Nothing has changed yet: what triage read of the holder moments ago answers the reads it covers.
    const context = {
      ...step.context,
      identity: answeredFromObservations(step.context.identity, observed, step.accountId),
    };
    const observation = step.action.observe(
      step.parameters,
      step.action.plan(step.parameters, context),
      context,
    );
    // Awaited in the step's turn; until then a rejection must not surface as unhandled.
    observation.catch(() => undefined);
    return observation;
  });
}
