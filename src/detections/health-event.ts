import { z } from 'zod';
import { ACCESS_KEY_ID, accessKeyKind } from '../domain/access-key.js';
import type { Detection } from '../domain/detection.js';
import type { EventEnvelope, IgnoredSignal } from './envelope.js';

/** The `detail` of an AWS Health event, as far as Rekey reads it. */
export const HealthDetailSchema = z.looseObject({
  eventArn: z.string(),
  eventTypeCode: z.string(),
  service: z.string().optional(),
  eventTypeCategory: z.string().optional(),
  /** RFC 1123 in EventBridge deliveries (`Wed, 12 Feb 2025 00:37:54 GMT`). */
  startTime: z.string().optional(),
  affectedAccount: z.string().optional(),
  eventMetadata: z.record(z.string(), z.unknown()).optional(),
  affectedEntities: z.array(z.looseObject({ entityValue: z.string() })).default([]),
});

/** The Health risk events Rekey acts on. */
const HANDLED_EVENT_TYPES = new Set(['AWS_RISK_CREDENTIALS_EXPOSED']);

/** AWS counts its own report of an exposed key as near-certain: severity 9 on GuardDuty's scale. */
const AWS_REPORTED_SEVERITY = 9;

function observedAt(envelope: EventEnvelope, startTime: string | undefined): string {
  const parsed = startTime === undefined ? Number.NaN : Date.parse(startTime);
  return Number.isNaN(parsed) ? envelope.time : new Date(parsed).toISOString();
}

/** One detection per access key in `affectedEntities` of an AWS_RISK_CREDENTIALS_EXPOSED event. */
export function normaliseHealthEvent(envelope: EventEnvelope): {
  detections: Detection[];
  ignored: IgnoredSignal[];
} {
  const detail = HealthDetailSchema.parse(envelope.detail);
  const accountId = /^\d{12}$/.test(detail.affectedAccount ?? '')
    ? (detail.affectedAccount as string)
    : envelope.account;
  const metadata = detail.eventMetadata ?? {};
  const detections: Detection[] = [];
  const ignored: IgnoredSignal[] = [];
  if (!HANDLED_EVENT_TYPES.has(detail.eventTypeCode)) {
    return {
      detections,
      ignored: [
        { subject: detail.eventArn, reason: `Health event type ${detail.eventTypeCode} is not handled yet` },
      ],
    };
  }
  if (detail.affectedEntities.length === 0)
    ignored.push({ subject: detail.eventArn, reason: 'the event names no affected entity' });
  for (const { entityValue } of detail.affectedEntities) {
    if (!ACCESS_KEY_ID.test(entityValue)) {
      ignored.push({ subject: entityValue, reason: 'the affected entity is not an access key id' });
      continue;
    }
    if (accessKeyKind(entityValue) !== 'long-term') {
      ignored.push({
        subject: entityValue,
        reason: 'session (ASIA) keys in Health events are not handled yet',
      });
      continue;
    }
    const claimedUserName =
      metadata.publicKey === entityValue && typeof metadata.userName === 'string'
        ? metadata.userName
        : undefined;
    detections.push({
      accountId,
      region: envelope.region,
      accessKeyId: entityValue,
      ...(claimedUserName ? { claimedUserName } : {}),
      evidence: {
        source: 'aws.health',
        type: detail.eventTypeCode,
        reportId: detail.eventArn,
        eventId: envelope.id,
        severity: AWS_REPORTED_SEVERITY,
        awsReportedExposed: true,
        observedAt: observedAt(envelope, detail.startTime),
        summary: `AWS Health reports access key ${entityValue} as exposed${typeof metadata.exposedUrl === 'string' ? ` at ${metadata.exposedUrl}` : ''}`,
      },
    });
  }
  return { detections, ignored };
}
