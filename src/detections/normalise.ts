import * as z from 'zod';
import { InvalidInputError } from '../domain/errors.js';
import { assertShallow } from '../domain/json-limits.js';
import { markPartsOf } from '../domain/json-made.js';
import { normaliseSecurityHubEvent } from './asff-finding.js';
import { normaliseCloudTrailEvent } from './cloudtrail-event.js';
import { CONTAINMENT_BREACH, normaliseContainmentBreach } from './containment-breach.js';
import {
  type EventEnvelope,
  EventEnvelopeSchema,
  type Normalised,
  type NormaliseSettings,
} from './envelope.js';
import { acceptedEnvelope } from './envelope-reader.js';
import { ATTACK_SEQUENCE_IAM, normaliseAttackSequence } from './guardduty-attack-sequence.js';
import { normaliseGuardDutyFinding } from './guardduty-finding.js';
import { normaliseHealthEvent } from './health-event.js';
import { normaliseScannerReport, SCANNER_REPORT } from './scanner-report.js';
import { normaliseSecurityHubCustomAction } from './securityhub-custom-action.js';

/** What an event says, with its envelope. */
export interface NormalisedEvent extends Normalised {
  envelope: EventEnvelope;
}

type Normaliser = (envelope: EventEnvelope, settings: NormaliseSettings) => Normalised;

/** Its second parameter is a finding, not the settings: wrapped once here, not per event. */
const guardDutyFinding: Normaliser = (envelope) => normaliseGuardDutyFinding(envelope);

function normaliserFor(envelope: EventEnvelope): Normaliser | undefined {
  const detailType = envelope['detail-type'];
  if (envelope.source === 'aws.health' && detailType === 'AWS Health Event') return normaliseHealthEvent;
  if (envelope.source === 'aws.guardduty' && detailType === 'GuardDuty Finding')
    return envelope.detail.type === ATTACK_SEQUENCE_IAM ? normaliseAttackSequence : guardDutyFinding;
  if (envelope.source === 'aws.securityhub' && detailType === 'Security Hub Findings - Imported')
    return normaliseSecurityHubEvent;
  if (envelope.source === 'aws.securityhub' && detailType === 'Security Hub Findings - Custom Action')
    return normaliseSecurityHubCustomAction;
  if (envelope.source === SCANNER_REPORT.source && detailType === SCANNER_REPORT.detailType)
    return normaliseScannerReport;
  if (envelope.source === CONTAINMENT_BREACH.source && detailType === CONTAINMENT_BREACH.detailType)
    return normaliseContainmentBreach;
  if (
    envelope.source.startsWith('aws.') &&
    /^AWS (API Call|Console Sign In) via CloudTrail$/.test(detailType)
  ) {
    return normaliseCloudTrailEvent;
  }
  return undefined;
}

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`).join('; ');
}

/** zod's reading of an event acceptedEnvelope refuses: the reason it is no EventBridge event. */
function refusedEnvelope(event: unknown): EventEnvelope {
  const parsed = EventEnvelopeSchema.safeParse(event);
  if (!parsed.success) throw new InvalidInputError(`not an EventBridge event: ${describe(parsed.error)}`);
  return parsed.data;
}

/** Parses an EventBridge event and turns it into detections; throws InvalidInputError naming what is wrong. */
export function normaliseEvent(event: unknown, settings: NormaliseSettings = {}): NormalisedEvent {
  // Before anything walks it: hostile nesting is a clear rejection, never a stack overflow that gets retried.
  assertShallow(event, 'the event');
  const accepted = acceptedEnvelope(event);
  // The detail is the event's own (acceptedEnvelope copies none of it): JSON's if the event is.
  if (accepted) markPartsOf(event, [accepted.detail]);
  const envelope = accepted ?? refusedEnvelope(event);
  const kind = `${envelope.source}/${envelope['detail-type']}`;
  const normaliser = normaliserFor(envelope);
  if (!normaliser)
    return {
      envelope,
      detections: [],
      ignored: [{ subject: envelope.id, reason: `no detection handles ${kind}` }],
    };
  try {
    return { envelope, ...normaliser(envelope, settings) };
  } catch (error) {
    if (error instanceof z.ZodError)
      throw new InvalidInputError(`malformed ${kind} event: ${describe(error)}`, { cause: error });
    throw error;
  }
}
