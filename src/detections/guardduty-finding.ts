import * as z from 'zod';
import { accessKeyKind } from '../domain/access-key.js';
import type { Detection, ExposureKind, PrincipalRef } from '../domain/detection.js';
import { IDENTITY_CENTER_ROLE } from '../domain/protection.js';
import { type EventEnvelope, isoTime, type Normalised, shown } from './envelope.js';
import { acceptedGuardDutyFinding } from './guardduty-finding-reader.js';

/** A GuardDuty finding (the `detail` of a "GuardDuty Finding" event), as far as Rekey reads it. */
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

/** A GuardDuty finding. */
export type GuardDutyFinding = z.infer<typeof GuardDutyFindingSchema>;

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

/** How GuardDuty's accessKeyDetails name the holder: userType decides, the finding type's `IAMUser` does not. */
function holder(finding: GuardDutyFinding): {
  kind?: ExposureKind;
  principal: PrincipalRef;
  instanceId?: string;
  /** An IAM user's own session (GetSessionToken, GetFederationToken): contained through the key that minted it. */
  userSession?: boolean;
  reason?: string;
  unactionable?: string;
} {
  const details = finding.resource.accessKeyDetails ?? {};
  const userName = shown(details.userName);
  const principalId = shown(details.principalId);
  const accountId = finding.accountId;
  const key = shown(details.accessKeyId);
  const base = principalId ? { principalId } : {};
  switch (details.userType) {
    case 'IAMUser': {
      const principal: PrincipalRef = {
        type: 'IAMUser',
        ...base,
        ...(userName ? { name: userName, arn: `arn:aws:iam::${accountId}:user/${userName}` } : {}),
      };
      if (/ConsoleLogin/.test(finding.type)) return { kind: 'console-login', principal };
      // A GetSessionToken session is the user's own: its key minted it, and the user's policies govern it.
      const userSession = key !== undefined && accessKeyKind(key) === 'session';
      return { kind: 'iam-user-access-key', principal, ...(userSession ? { userSession } : {}) };
    }
    case 'AssumedRole': {
      const sessionName = principalId?.split(':')[1];
      const principal: PrincipalRef = {
        type: 'AssumedRole',
        ...base,
        ...(userName ? { name: userName, arn: `arn:aws:iam::${accountId}:role/${userName}` } : {}),
        ...(sessionName ? { sessionName } : {}),
      };
      if (sessionName && INSTANCE_ID.test(sessionName))
        return { kind: 'instance-credentials', principal, instanceId: sessionName };
      // An Identity Center role is shared by everyone given its permission set and cannot be edited: the
      // session's holder is the Identity Center user its session name names.
      if (userName && IDENTITY_CENTER_ROLE.test(userName))
        return sessionName
          ? { kind: 'identity-center-session', principal }
          : {
              kind: 'identity-center-session',
              principal,
              unactionable: `GuardDuty names Identity Center role ${userName} but not its session, so not the user who holds it`,
            };
      return { kind: 'role-session', principal };
    }
    case 'Root':
      return {
        kind: 'root',
        principal: { type: 'Root', ...base, name: 'root', arn: `arn:aws:iam::${accountId}:root` },
      };
    case 'FederatedUser':
      // GetFederationToken's session: the name is the federated user's, not an IAM user's; the IAM user that
      // minted it (and its key) is in CloudTrail.
      return {
        kind: 'iam-user-access-key',
        userSession: true,
        principal: {
          type: 'FederatedUser',
          ...base,
          ...(userName
            ? { name: userName, arn: `arn:aws:sts::${accountId}:federated-user/${userName}` }
            : {}),
        },
      };
    case 'AWSService':
      return {
        principal: { type: 'AWSService', ...(userName ? { name: userName } : {}) },
        reason: 'the caller is an AWS service principal, which cannot be contained',
      };
    default:
      return {
        principal: { type: 'Unknown', ...base },
        reason: `GuardDuty does not say who holds the key (userType ${details.userType ?? 'missing'})`,
      };
  }
}

/** No detection, with the reason. */
const ignored = (subject: string, reason: string): Normalised => ({
  detections: [],
  ignored: [{ subject, reason }],
});

/**
 * A GuardDuty finding about a credential. The kind comes from the evidence: `accessKeyDetails.userType`, the key
 * prefix and the session name (an instance id means instance credentials), never from the finding type alone;
 * findings about S3, RDS, Kubernetes or EC2 resources are not credential exposures even when they carry
 * accessKeyDetails.
 */
export function normaliseGuardDutyFinding(
  envelope: EventEnvelope,
  findingDetail: unknown = envelope.detail,
): Normalised {
  const finding =
    (acceptedGuardDutyFinding(findingDetail) as GuardDutyFinding | undefined) ??
    GuardDutyFindingSchema.parse(findingDetail);
  const details = finding.resource.accessKeyDetails;
  const key = shown(details?.accessKeyId);
  const subject = key ?? finding.id;
  if (finding.resource.resourceType !== 'AccessKey') {
    return ignored(
      subject,
      `the finding is about a ${finding.resource.resourceType} resource, not an AWS credential`,
    );
  }
  if (finding.service?.archived === true) return ignored(subject, 'the finding is archived (suppressed)');
  const { kind, principal, instanceId, userSession, reason, unactionable } = holder(finding);
  if (!kind) return ignored(subject, reason ?? 'not a credential exposure');
  if (!principal.name && !key)
    return ignored(
      subject,
      'GuardDuty hides both the principal and the key (HIDDEN_DUE_TO_SECURITY_REASONS)',
    );
  const sample = finding.service?.additionalInfo?.sample === true;
  const remoteIp = shown(finding.service?.action?.awsApiCallAction?.remoteIpDetails?.ipAddressV4);
  const detection: Detection = {
    kind,
    accountId: finding.accountId,
    region: finding.region,
    principal,
    ...(key && kind !== 'console-login' ? (userSession ? { sessionKeyId: key } : { accessKeyId: key }) : {}),
    ...(instanceId ? { instanceId } : {}),
    ...(unactionable ? { unactionable } : {}),
    evidence: {
      source: 'aws.guardduty',
      type: finding.type,
      reportId: finding.id,
      eventId: envelope.id,
      severity: finding.severity,
      awsReportedExposed: false,
      // The fallback read only when needed: each reading of a time costs a Date.parse and a toISOString.
      observedAt: isoTime(finding.service?.eventLastSeen, '') || isoTime(finding.updatedAt, envelope.time),
      summary: finding.title || finding.type,
      sample,
      guardDutyFindingId: finding.id,
      ...(remoteIp ? { remoteIp } : {}),
    },
  };
  return { detections: [detection], ignored: [] };
}
