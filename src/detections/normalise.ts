import { z } from 'zod';
import type { Detection } from '../domain/detection.js';
import { InvalidInputError } from '../domain/errors.js';
import { type EventEnvelope, EventEnvelopeSchema, type IgnoredSignal } from './envelope.js';
import { normaliseGuardDutyFinding } from './guardduty-finding.js';
import { normaliseHealthEvent } from './health-event.js';

/** What an event says: the exposures to act on, and what it mentions that Rekey will not act on. */
export interface NormalisedEvent {
  envelope: EventEnvelope;
  detections: Detection[];
  ignored: IgnoredSignal[];
}

const NORMALISERS: Record<string, (envelope: EventEnvelope) => Omit<NormalisedEvent, 'envelope'>> = {
  'aws.health/AWS Health Event': normaliseHealthEvent,
  'aws.guardduty/GuardDuty Finding': normaliseGuardDutyFinding,
};

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`).join('; ');
}

/** Parses an EventBridge event and turns it into detections; throws InvalidInputError naming what is wrong. */
export function normaliseEvent(event: unknown): NormalisedEvent {
  const envelope = EventEnvelopeSchema.safeParse(event);
  if (!envelope.success) throw new InvalidInputError(`not an EventBridge event: ${describe(envelope.error)}`);
  const key = `${envelope.data.source}/${envelope.data['detail-type']}`;
  const normaliser = NORMALISERS[key];
  if (!normaliser) {
    return {
      envelope: envelope.data,
      detections: [],
      ignored: [{ subject: envelope.data.id, reason: `no detection handles ${key}` }],
    };
  }
  try {
    return { envelope: envelope.data, ...normaliser(envelope.data) };
  } catch (error) {
    if (error instanceof z.ZodError)
      throw new InvalidInputError(`malformed ${key} event: ${describe(error)}`, { cause: error });
    throw error;
  }
}
