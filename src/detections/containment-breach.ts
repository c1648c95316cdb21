import * as z from 'zod';
import { ExposureSchema } from '../domain/exposure.js';
import type { EventEnvelope, Normalised } from './envelope.js';

/** The source and detail type of the event a playbook raises when verification finds its containment breached. */
export const CONTAINMENT_BREACH = {
  source: 'rekey.verification',
  detailType: 'Rekey Containment Breached',
} as const;

/** What a breach event carries: the incident whose containment failed, its exposure, and the calls that got through. */
export const ContainmentBreachSchema = z.object({
  incidentId: z.string().min(1),
  exposure: ExposureSchema,
  reason: z.string(),
});

/** A breach event's detail. */
export type ContainmentBreach = z.infer<typeof ContainmentBreachSchema>;

/**
 * The same exposure again, as new evidence: successful calls after the containment's cut-off. No EventBridge rule
 * routes this source; only the playbook's own state machine hands it to triage, after closing the incident, so it
 * re-raises the incident (`<id>-r<n>`) through the very pipeline a detection takes.
 */
export function normaliseContainmentBreach(envelope: EventEnvelope): Normalised {
  const { incidentId, exposure, reason } = ContainmentBreachSchema.parse(envelope.detail);
  const { evidence, ...exposed } = exposure;
  return {
    detections: [
      {
        ...exposed,
        evidence: {
          source: 'rekey.verification',
          type: 'ContainmentBreached',
          reportId: `${incidentId}/breach`,
          eventId: envelope.id,
          severity: 9,
          awsReportedExposed: evidence.awsReportedExposed,
          observedAt: envelope.time,
          summary: `The containment of ${incidentId} was breached: ${reason}`,
          sample: false,
        },
      },
    ],
    ignored: [],
  };
}

/** The EventBridge event that re-raises an incident whose containment was breached (handed to triage directly). */
export function containmentBreachEvent(breach: ContainmentBreach, at: Date): Record<string, unknown> {
  return {
    version: '0',
    // One breach per incident: a re-delivery of this event is recognised as the same signal.
    id: `${breach.incidentId}-breach`,
    'detail-type': CONTAINMENT_BREACH.detailType,
    source: CONTAINMENT_BREACH.source,
    account: breach.exposure.accountId,
    time: at.toISOString(),
    region: breach.exposure.region,
    resources: [],
    detail: breach,
  };
}
