import { createHash } from 'node:crypto';
import { auditEventOf } from '../../domain/cloudtrail-record.js';
import type { AuditEvent } from '../../ports/audit-trail.js';
import type { ActingRole } from './acting-role.js';
import { assumedRoleIdentity, type CredentialHolders, callRecord, stableId } from './sandbox-cloudtrail.js';
import type { Trailed, TrailOutcome } from './sandbox-model.js';

type Json = Record<string, unknown>;

/** The services whose endpoint is global: CloudTrail records their calls in us-east-1. */
const GLOBAL = new Set(['iam', 'organizations']);

/** The error code a service answers a refusal with (its API's protocol names it): IAM and STS's, EC2's, the rest's. */
export function refusalCode(service: string): string {
  if (service === 'iam' || service === 'sts') return 'AccessDenied';
  if (service === 'ec2') return 'Client.UnauthorizedOperation';
  return 'AccessDeniedException';
}

/**
 * The session Rekey's role holds in an account, as STS names it (session `rekey`, as the AWS adapter's AssumeRole
 * names it): a stable key id and role id from the role's ARN, issued when the drill's first call was made.
 */
export function rekeySession(role: ActingRole, accountId: string, issuedAt: string): Json {
  const name = role.arn.split('/').pop() ?? role.arn;
  return assumedRoleIdentity({ id: stableId('AROA', role.arn), arn: role.arn, name }, accountId, {
    id: stableId('ASIA', role.arn),
    sessionName: 'rekey',
    issuedAt,
  });
}

/**
 * The eventID of the n-th record of an account's CloudTrail (`by`: Rekey's call, or one a drill replays): a UUID as
 * CloudTrail gives, the same in every run of the drill, and never one a drill's own record could be given by chance
 * (`rekey-1` or `call-3` were, and such a record was then taken for a re-delivery and never recorded).
 */
export function trailEventId(by: 'rekey' | 'replayed', accountId: string, n: number): string {
  const hex = createHash('sha256').update(`${by}-call/${accountId}/${n}`).digest('hex');
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The eventID of the n-th record of an account's CloudTrail when Rekey made the call. */
export const rekeyEventId = (accountId: string, n: number): string => trailEventId('rekey', accountId, n);

/** One of Rekey's calls as CloudTrail writes it in the account that received it, reduced as LookupEvents reads it. */
export function rekeyCallEvent(
  host: CredentialHolders & { region: string; auditEvents: readonly AuditEvent[] },
  call: Trailed & { operation: string; userIdentity: Json },
  outcome: TrailOutcome,
  at: Date,
): AuditEvent {
  const ended = call.failed ?? outcome;
  const region = GLOBAL.has(call.service) ? 'us-east-1' : (call.region ?? host.region);
  const record = callRecord(
    host,
    {
      accessKeyId: String(call.userIdentity.accessKeyId ?? ''),
      action: `${call.service}:${call.operation}`,
      userIdentity: call.userIdentity,
      ...(call.requestParameters ? { requestParameters: call.requestParameters } : {}),
      ...(call.responseElements ? { responseElements: call.responseElements } : {}),
      ...(ended.message ? { errorMessage: ended.message } : {}),
    },
    ended.code,
    at,
    region,
    rekeyEventId(host.id, host.auditEvents.length + 1),
  );
  return auditEventOf(record, region);
}

/** What a record holds only when the call succeeded: read from its response. */
const FROM_RESPONSE = [
  'issuedAccessKeyId',
  'federatedUserArn',
  'createdAccessKeyId',
  'createdPolicyArn',
] as const;

/**
 * A recorded call the service then failed (IAM's `NoSuchEntityException` for a user that is not there), as
 * CloudTrail records it: the error's code and message, and nothing of a response.
 */
export function failedCall(event: AuditEvent, code: string, message: string): void {
  event.errorCode = code;
  event.errorMessage = message;
  for (const key of FROM_RESPONSE) delete event[key];
}
