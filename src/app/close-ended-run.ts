import * as z from 'zod';
import { type CloseIncidentDeps, closeIncident, writeReview } from './close-incident.js';
import { composeNotice } from './compose-notice.js';
import { notify } from './notify.js';

/** The statuses of a run that ended without its review: an error no state catches, its time-out, a stop by hand. */
const ENDED = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;

/** Step Functions' "Execution Status Change" event, as EventBridge delivers it (only what closing needs). */
export const RunEndedEventSchema = z.object({
  source: z.literal('aws.states'),
  'detail-type': z.literal('Step Functions Execution Status Change'),
  account: z.string(),
  detail: z.object({
    executionArn: z.string(),
    stateMachineArn: z.string(),
    /** Rekey names each run after its incident. */
    name: z.string().min(1),
    status: z.enum(ENDED),
    error: z.string().nullish(),
    cause: z.string().nullish(),
  }),
});

/** Whether an event is Step Functions' about a run's status (else it is a review request from a playbook). */
export const isRunStatusEvent = (payload: unknown): boolean =>
  typeof payload === 'object' &&
  payload !== null &&
  (payload as { source?: unknown }).source === 'aws.states';

/**
 * A playbook run that ended without reaching its review (an uncatchable error such as States.DataLimitExceeded or
 * States.Runtime, the run's time-out, StopExecution) would leave its incident open and nobody told: the incident is
 * closed escalated, naming how the run ended, and responders are told at once. Only Rekey's own state machines count
 * (the rule names them; checked again here), and an incident already closed and reviewed is left as it is.
 */
export async function closeEndedRun(
  payload: unknown,
  deps: CloseIncidentDeps & { stateMachines: Readonly<Record<string, string>> },
): Promise<{ review?: string; ignored?: string }> {
  const { detail } = RunEndedEventSchema.parse(payload);
  // Another stage's machine shares the rule's prefix: its runs are that stage's to close (nothing to retry).
  if (!Object.values(deps.stateMachines).includes(detail.stateMachineArn))
    return { ignored: `${detail.stateMachineArn} is not one of this deployment's state machines` };
  const incident = await deps.registry.get(detail.name);
  if (!incident) return { ignored: `no incident ${detail.name}` };
  // Closed and reviewed: the run's own review got that far. Closed without a review (the review function failed
  // after closing it, and Lambda retries it or an operator sends the event again), only the review is owed: the
  // escalation was told and recorded by the attempt that closed it.
  if (incident.status === 'closed')
    return (await deps.reviews.head(incident.id))
      ? { ignored: `incident ${detail.name} is already closed and reviewed` }
      : { review: await writeReview(incident.id, undefined, deps) };
  const how = { FAILED: 'failed', TIMED_OUT: 'timed out', ABORTED: 'was stopped' }[detail.status];
  const reason = `the playbook run ${how} before its review: ${[detail.error, detail.cause].filter(Boolean).join(': ') || 'no reason given'}`;
  if (deps.notifier) {
    const notice = composeNotice(incident, 'escalated', { Error: 'RunEnded', Cause: reason });
    // Lambda retries the status event after a failure: the thread is told once.
    notice.id = `${incident.id}/run-ended`;
    await notify(notice, { notifier: deps.notifier, timeline: deps.timeline, clock: deps.clock });
  }
  return closeIncident({ incidentId: incident.id, outcome: 'escalated', reason }, deps);
}
