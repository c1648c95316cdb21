import { z } from 'zod';
import { accessKeyKind } from '../domain/access-key.js';
import type { Detection } from '../domain/detection.js';
import type { EventEnvelope, IgnoredSignal } from './envelope.js';

/** The `detail` of a GuardDuty finding event, as far as Rekey reads it. */
export const GuardDutyFindingSchema = z.looseObject({
  accountId: z.string().regex(/^\d{12}$/, 'a 12-digit account id'),
  region: z.string(),
  id: z.string().min(1),
  type: z.string(),
  severity: z.number().min(0).max(10),
  createdAt: z.string(),
  updatedAt: z.string(),
  title: z.string().default(''),
  resource: z.looseObject({
    resourceType: z.string(),
    accessKeyDetails: z
      .looseObject({
        accessKeyId: z.string().optional(),
        principalId: z.string().optional(),
        userName: z.string().optional(),
        userType: z.string().optional(),
      })
      .optional(),
  }),
  service: z
    .looseObject({
      archived: z.boolean().optional(),
      eventLastSeen: z.string().optional(),
      additionalInfo: z.looseObject({ sample: z.boolean().optional() }).optional(),
      action: z
        .looseObject({
          awsApiCallAction: z
            .looseObject({
              remoteIpDetails: z.looseObject({ ipAddressV4: z.string().optional() }).optional(),
            })
            .optional(),
        })
        .optional(),
    })
    .optional(),
});

function isoOr(value: string | undefined, fallback: string): string {
  const parsed = value === undefined ? Number.NaN : Date.parse(value);
  return Number.isNaN(parsed) ? fallback : new Date(parsed).toISOString();
}

/**
 * A GuardDuty finding about an access key: a detection when the evidence shows an IAM user's long-term key
 * (`userType` IAMUser and an AKIA key); the finding type's `IAMUser` names a resource type, not the holder.
 */
export function normaliseGuardDutyFinding(envelope: EventEnvelope): {
  detections: Detection[];
  ignored: IgnoredSignal[];
} {
  const finding = GuardDutyFindingSchema.parse(envelope.detail);
  const details = finding.resource.accessKeyDetails;
  const subject = details?.accessKeyId ?? finding.id;
  const ignore = (reason: string) => ({ detections: [], ignored: [{ subject, reason }] });
  if (finding.service?.additionalInfo?.sample === true) return ignore('GuardDuty sample finding');
  if (finding.service?.archived === true) return ignore('the finding is archived (suppressed)');
  if (!details?.accessKeyId) return ignore('the finding names no access key');
  const kind = accessKeyKind(details.accessKeyId);
  if (details.userType !== 'IAMUser' || kind !== 'long-term') {
    const holder = details.userType ?? 'unknown holder';
    return ignore(`${holder} credentials (${kind} key) are not handled yet`);
  }
  const remoteIp = finding.service?.action?.awsApiCallAction?.remoteIpDetails?.ipAddressV4;
  const detection: Detection = {
    accountId: finding.accountId,
    region: finding.region,
    accessKeyId: details.accessKeyId,
    claimedUserType: details.userType,
    ...(details.userName ? { claimedUserName: details.userName } : {}),
    evidence: {
      source: 'aws.guardduty',
      type: finding.type,
      reportId: finding.id,
      eventId: envelope.id,
      severity: finding.severity,
      awsReportedExposed: false,
      observedAt: isoOr(finding.service?.eventLastSeen, isoOr(finding.updatedAt, envelope.time)),
      summary: finding.title || finding.type,
      ...(remoteIp ? { remoteIp } : {}),
    },
  };
  return { detections: [detection], ignored: [] };
}
