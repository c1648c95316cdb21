import { z } from 'zod';
import { type CloseIncidentDeps, closeIncident } from '../app/close-incident.js';

/** The review function's input: how the run ended. */
export const ReviewPayloadSchema = z.object({
  incidentId: z.string().min(1),
  closing: z.object({
    outcome: z.enum(['contained', 'escalated', 'dismissed']),
    reason: z.string().optional(),
  }),
});

/** The review function: closes the incident and writes the review, on every path of the playbook. */
export function createReviewHandler(deps: CloseIncidentDeps) {
  return async (payload: unknown): Promise<{ review: string }> => {
    const { incidentId, closing } = ReviewPayloadSchema.parse(payload);
    return closeIncident({ incidentId, ...closing }, deps);
  };
}
