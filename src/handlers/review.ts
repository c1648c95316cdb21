import * as z from 'zod';
import { closeEndedRun, isRunStatusEvent } from '../app/close-ended-run.js';
import { type CloseIncidentDeps, closeIncident } from '../app/close-incident.js';
import { readableCause } from '../app/readable-cause.js';
import { ExposureSchema } from '../domain/exposure.js';
import { anchoredBeforeReturning } from './anchored.js';

/** A failure the run went on after (continue-then-escalate): the step, its reason, what people must do. */
const Deferred = z.object({
  step: z.string(),
  reason: z.string(),
  checklist: z.array(z.string()).optional(),
});

/** How a run ended: its outcome, why, and what responders must do by hand. */
const Ending = z.object({
  outcome: z.enum(['contained', 'escalated', 'dismissed', 'breached', 'aborted']),
  reason: z.string().optional(),
  /** What responders must do by hand, when the playbook escalates. */
  checklist: z.array(z.string()).optional(),
});

/** The review function's input: how the run ended. */
export const ReviewPayloadSchema = z.object({
  incidentId: z.string().min(1),
  closing: z.union([
    // Escalated, dismissed, aborted or breached: the ending beside the escalations deferred before it.
    z.object({ ending: Ending, escalations: z.record(z.string(), Deferred).optional() }),
    // Contained (only its outcome), or as a state machine compiled before endings kept the escalations wrote it.
    Ending.extend({
      /** Steps that failed with continue-then-escalate, by group: the run went on, and closes escalated, not contained. */
      escalations: z.record(z.string(), Deferred).optional(),
      /** One such step, as a state machine compiled before several were kept wrote it (a run started before then). */
      escalation: Deferred.optional(),
    }),
  ]),
  /** The incident as the playbook holds it: its exposure re-raises it when the containment was breached. */
  incident: z.object({ exposure: ExposureSchema }).loose().optional(),
});

/**
 * The review function: closes the incident and writes the review, on every path of the playbook, and (Step
 * Functions' status event, through its rule) for a run that ended without reaching its review.
 */
export function createReviewHandler(
  deps: CloseIncidentDeps & { stateMachines: Readonly<Record<string, string>> },
) {
  return anchoredBeforeReturning(
    deps.timeline,
    async (
      payload: unknown,
    ): Promise<{ review?: string; reraise?: Record<string, unknown>; ignored?: string }> => {
      if (isRunStatusEvent(payload)) return closeEndedRun(payload, deps);
      const { incidentId, closing, incident } = ReviewPayloadSchema.parse(payload);
      const { escalation, escalations, ...rest } = { escalation: undefined, ...closing };
      const ending = 'ending' in rest ? rest.ending : rest;
      const failures = [...(escalation ? [escalation] : []), ...Object.values(escalations ?? {})];
      const checklist = ending.checklist ?? failures.find((f) => f.checklist)?.checklist;
      // Every reason, each made readable on its own (a Lambda error's Cause is JSON): the ending's, then each
      // deferred one; a run that went on after its failures and ended contained closes escalated.
      const reasons = [
        ...(ending.reason ? [readableCause(ending.reason)] : []),
        ...failures.map((f) => `${f.step} failed: ${readableCause(f.reason)}`),
      ];
      const deferred =
        failures.length === 0
          ? {}
          : {
              ...(ending.outcome === 'contained' ? { outcome: 'escalated' as const } : {}),
              reason: reasons.join('; '),
              ...(checklist ? { checklist } : {}),
            };
      return closeIncident(
        { incidentId, ...ending, ...deferred, ...(incident ? { exposure: incident.exposure } : {}) },
        deps,
      );
    },
  );
}
