import * as z from 'zod';
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

/** The review function's input: how the run ended. */
export const ReviewPayloadSchema = z.object({
  incidentId: z.string().min(1),
  closing: z.object({
    outcome: z.enum(['contained', 'escalated', 'dismissed', 'breached', 'aborted']),
    reason: z.string().optional(),
    /** What responders must do by hand, when the playbook escalates. */
    checklist: z.array(z.string()).optional(),
    /** Steps that failed with continue-then-escalate, by group: the run went on, and closes escalated, not contained. */
    escalations: z.record(z.string(), Deferred).optional(),
    /** One such step, as a state machine compiled before several were kept wrote it (a run started before then). */
    escalation: Deferred.optional(),
  }),
  /** The incident as the playbook holds it: its exposure re-raises it when the containment was breached. */
  incident: z.object({ exposure: ExposureSchema }).loose().optional(),
});

/** The review function: closes the incident and writes the review, on every path of the playbook. */
export function createReviewHandler(deps: CloseIncidentDeps) {
  return anchoredBeforeReturning(
    deps.timeline,
    async (payload: unknown): Promise<{ review: string; reraise?: Record<string, unknown> }> => {
      const { incidentId, closing, incident } = ReviewPayloadSchema.parse(payload);
      const { escalation, escalations, ...ending } = closing;
      const failures = [...(escalation ? [escalation] : []), ...Object.values(escalations ?? {})];
      const checklist = ending.checklist ?? failures.find((f) => f.checklist)?.checklist;
      // Every deferred reason, each made readable on its own (a Lambda error's Cause is JSON).
      const deferred =
        failures.length > 0 && ending.outcome === 'contained'
          ? {
              outcome: 'escalated' as const,
              reason: failures.map((f) => `${f.step} failed: ${readableCause(f.reason)}`).join('; '),
              ...(checklist ? { checklist } : {}),
            }
          : {};
      return closeIncident(
        { incidentId, ...ending, ...deferred, ...(incident ? { exposure: incident.exposure } : {}) },
        deps,
      );
    },
  );
}
