import * as z from 'zod';
import { type CloseIncidentDeps, closeIncident } from '../app/close-incident.js';
import { ExposureSchema } from '../domain/exposure.js';
import { anchoredBeforeReturning } from './anchored.js';

/** The review function's input: how the run ended. */
export const ReviewPayloadSchema = z.object({
  incidentId: z.string().min(1),
  closing: z.object({
    outcome: z.enum(['contained', 'escalated', 'dismissed', 'breached', 'aborted']),
    reason: z.string().optional(),
    /** What responders must do by hand, when the playbook escalates. */
    checklist: z.array(z.string()).optional(),
    /** A step that failed with continue-then-escalate: the run went on, and it closes escalated, not contained. */
    escalation: z.object({ step: z.string(), reason: z.string() }).optional(),
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
      const { escalation, ...ending } = closing;
      const deferred =
        escalation && ending.outcome === 'contained'
          ? { outcome: 'escalated' as const, reason: `${escalation.step} failed: ${escalation.reason}` }
          : {};
      return closeIncident(
        { incidentId, ...ending, ...deferred, ...(incident ? { exposure: incident.exposure } : {}) },
        deps,
      );
    },
  );
}
