import { z } from 'zod';

/** The EventBridge envelope every AWS service event arrives in. */
export const EventEnvelopeSchema = z.looseObject({
  version: z.string(),
  id: z.string().min(1),
  'detail-type': z.string(),
  source: z.string(),
  account: z.string().regex(/^\d{12}$/, 'a 12-digit account id'),
  time: z.iso.datetime({ offset: true }),
  region: z.string(),
  resources: z.array(z.string()),
  detail: z.record(z.string(), z.unknown()),
});

/** An EventBridge event as delivered to a rule target. */
export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;

/** A credential a source mentions but Rekey does not act on, and why. */
export interface IgnoredSignal {
  subject: string;
  reason: string;
}
