import * as z from 'zod';
import { ACCESS_KEY_ID } from '../domain/access-key.js';
import type { Evidence } from '../domain/detection.js';
import { extended } from '../domain/extended.js';
import { principalOf, UserIdentitySchema } from './cloudtrail-identity.js';
import { readCloudTrailRecord } from './cloudtrail-record-reader.js';
import { type EventEnvelope, iamGlob, isoTime, type Normalised, type NormaliseSettings } from './envelope.js';
import { parsedBy } from './loose-reader.js';

/** A CloudTrail record as delivered in an EventBridge `detail`, as far as Rekey reads it. */
export const CloudTrailRecordSchema = z.looseObject({
  eventTime: z.string(),
  eventSource: z.string(),
  eventName: z.string(),
  awsRegion: z.string(),
  eventID: z.string(),
  userIdentity: UserIdentitySchema,
  sourceIPAddress: z.string().optional(),
  requestParameters: z.record(z.string(), z.unknown()).nullish(),
  responseElements: z.record(z.string(), z.unknown()).nullish(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  recipientAccountId: z.string().optional(),
  resources: z.array(z.looseObject({ ARN: z.string().optional(), type: z.string().optional() })).optional(),
});

type CloudTrailRecord = z.infer<typeof CloudTrailRecordSchema>;

/** AWS's own quarantine policies, which AWS attaches to a user whose key it found exposed. */
const QUARANTINE_POLICY = /^arn:aws[\w-]*:iam::aws:policy\/AWSCompromisedKeyQuarantine(V\d+)?$/;

/**
 * The inline policy AWS puts on such a user instead (its older quarantine, `AWSExposedCredentialPolicy_DO_NOT_REMOVE`),
 * or the managed policies' names put inline.
 */
const QUARANTINE_INLINE = /^(AWSExposedCredentialPolicy_DO_NOT_REMOVE|AWSCompromisedKeyQuarantine(V\d+)?)$/;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

type Asked = { attachedPolicy: string } | { inlinePolicy: string };

/** What a quarantine record asks for (AWS's managed policy attached, or its inline policy put), if it is one. */
function quarantineAsked(record: CloudTrailRecord): Asked | undefined {
  if (record.eventSource !== 'iam.amazonaws.com') return undefined;
  const params = record.requestParameters ?? {};
  const arn = str(params.policyArn);
  if (record.eventName === 'AttachUserPolicy' && arn && QUARANTINE_POLICY.test(arn))
    return { attachedPolicy: arn };
  const name = str(params.policyName);
  if (record.eventName === 'PutUserPolicy' && name && QUARANTINE_INLINE.test(name))
    return { inlinePolicy: name };
  return undefined;
}

function evidence(
  envelope: EventEnvelope,
  record: CloudTrailRecord,
  fields: Pick<Evidence, 'severity' | 'awsReportedExposed' | 'summary'>,
): Evidence {
  return {
    source: 'aws.cloudtrail',
    type: `${record.eventSource.split('.')[0]}:${record.eventName}`,
    reportId: record.eventID,
    eventId: envelope.id,
    observedAt: isoTime(record.eventTime, envelope.time),
    sample: false,
    ...(record.sourceIPAddress && /^[\d.:a-fA-F]+$/.test(record.sourceIPAddress)
      ? { remoteIp: record.sourceIPAddress }
      : {}),
    ...fields,
  };
}

/**
 * Whether AWS itself made the call, by fields the caller cannot set: AWS attaches its quarantine policy acting as the
 * exposed user (the record's identity is the user itself, in its own account), or as an AWS service. The user agent
 * and `invokedBy` text prove nothing (any client can send "AWS Internal").
 */
function byAwsOrTheSubject(record: CloudTrailRecord, userName: string, accountId: string): boolean {
  const { userIdentity: caller } = record;
  if (caller.type === 'AWSService') return true;
  const callerAccount = caller.accountId ?? caller.arn?.split(':')[4];
  return caller.type === 'IAMUser' && caller.userName === userName && callerAccount === accountId;
}

function quarantined(
  envelope: EventEnvelope,
  record: CloudTrailRecord,
  accountId: string,
  asked: Asked,
): Normalised {
  const userName = str(record.requestParameters?.userName);
  if (!userName)
    return {
      detections: [],
      ignored: [{ subject: record.eventID, reason: 'the quarantine policy names no user' }],
    };
  const byAws = byAwsOrTheSubject(record, userName, accountId);
  // The caller as CloudTrail names it: a role session by its session ARN (who, not only which role).
  const callerName =
    record.userIdentity.arn ?? principalOf(record.userIdentity, accountId).name ?? record.userIdentity.type;
  const [did, policyName] =
    'attachedPolicy' in asked
      ? ['attached', asked.attachedPolicy.split('/').at(-1)]
      : ['put the inline policy', asked.inlinePolicy];
  return {
    detections: [
      {
        kind: 'iam-user-access-key',
        accountId,
        region: record.awsRegion,
        principal: { type: 'IAMUser', name: userName, arn: `arn:aws:iam::${accountId}:user/${userName}` },
        evidence: extended(
          evidence(envelope, record, {
            severity: byAws ? 9 : 5,
            awsReportedExposed: byAws,
            summary: byAws
              ? `AWS ${did} ${policyName} on user ${userName}: AWS found one of its keys exposed`
              : `${callerName} ${did} ${policyName} on user ${userName}: not AWS, so a responder decides`,
          }),
          {
            ...(byAws ? {} : { assertedBy: callerName }),
            // The request says what was asked; triage reads the user's policies to see that it happened.
            toConfirm: asked,
          },
        ),
      },
    ],
    ignored: [],
  };
}

/** The secrets a read names: GetSecretValue's one, BatchGetSecretValue's list; none for a batch by filter. */
function secretIds(record: CloudTrailRecord): string[] {
  const params = record.requestParameters ?? {};
  if (record.eventName === 'GetSecretValue') {
    const fromResources = record.resources?.find((r) => r.ARN?.includes(':secretsmanager:'))?.ARN;
    const id = fromResources ?? str(params.secretId);
    return id ? [id] : [];
  }
  const list = params.secretIdList;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

function readSummary(who: string, record: CloudTrailRecord, ids: readonly string[]): string {
  if (ids.length === 0)
    return `${who} read secrets by filter (BatchGetSecretValue names none): every secret it could read counts as read; it is not on the allowlist`;
  const what = ids.length === 1 ? `secret ${ids[0]}` : `${ids.length} secrets (${ids.join(', ')})`;
  return `${who} read ${what}${record.eventName === 'BatchGetSecretValue' ? ' (BatchGetSecretValue)' : ''} and is not on the allowlist`;
}

/**
 * A secret read by a principal outside the allowlist: ONE detection about the reader (the likely compromised
 * credential), naming what it read; a BatchGetSecretValue by filter names nothing, and reads every secret the
 * reader could read.
 */
function secretRead(
  envelope: EventEnvelope,
  record: CloudTrailRecord,
  accountId: string,
  settings: NormaliseSettings,
): Normalised {
  const principal = principalOf(record.userIdentity, accountId);
  const who = principal.arn ?? principal.name ?? record.userIdentity.type;
  const allowlist = settings.secretReadAllowlist ?? [];
  const ignore = (reason: string): Normalised => ({
    detections: [],
    ignored: [{ subject: record.eventID, reason }],
  });
  if (allowlist.length === 0)
    return ignore('no secret-read allowlist is configured, so secret reads are not detections');
  if (principal.type === 'AWSService')
    return ignore(`read by the AWS service ${principal.name ?? ''}`.trim());
  if (principal.arn && allowlist.some((p) => iamGlob(p, principal.arn as string)))
    return ignore(`${who} is allowed to read secrets`);
  const ids = secretIds(record);
  const accessKeyId = record.userIdentity.accessKeyId;
  return {
    detections: [
      {
        kind: 'secret',
        accountId,
        region: record.awsRegion,
        principal,
        ...(ids[0] ? { secretArn: ids[0] } : {}),
        secretArns: ids,
        ...(accessKeyId && ACCESS_KEY_ID.test(accessKeyId) ? { accessKeyId } : {}),
        evidence: evidence(envelope, record, {
          severity: 7,
          awsReportedExposed: false,
          summary: readSummary(who, record, ids),
        }),
      },
    ],
    ignored: [],
  };
}

function rootActivity(envelope: EventEnvelope, record: CloudTrailRecord, accountId: string): Normalised {
  const principal = principalOf(record.userIdentity, accountId);
  if (record.eventName === 'ConsoleLogin') {
    const result = str(record.responseElements?.ConsoleLogin);
    if (result !== 'Success')
      return {
        detections: [],
        ignored: [{ subject: record.eventID, reason: `root sign-in ${result ?? 'without a result'}` }],
      };
    return {
      detections: [
        {
          kind: 'root',
          accountId,
          region: record.awsRegion,
          principal,
          evidence: evidence(envelope, record, {
            severity: 8,
            awsReportedExposed: false,
            summary: 'The root user signed in to the console',
          }),
        },
      ],
      ignored: [],
    };
  }
  const key = record.responseElements?.accessKey as { accessKeyId?: string } | undefined;
  return {
    detections: [
      {
        kind: 'root',
        accountId,
        region: record.awsRegion,
        principal,
        ...(key?.accessKeyId ? { accessKeyId: key.accessKeyId } : {}),
        evidence: evidence(envelope, record, {
          severity: 8,
          awsReportedExposed: false,
          summary: `The root user created an access key${key?.accessKeyId ? ` (${key.accessKeyId})` : ''}`,
        }),
      },
    ],
    ignored: [],
  };
}

/**
 * A CloudTrail event: AWS's quarantine policy attached to (or its inline policy put on) a user (the subject is in
 * `requestParameters`, not `userIdentity`: believed only once a read confirms the policy is there, and AWS's own
 * report only when AWS made the call), a secret read by a principal outside the allowlist (one detection about the
 * reader, whatever it read), the root user signing in or creating a key. A failed
 * call is never evidence.
 */
export function normaliseCloudTrailEvent(envelope: EventEnvelope, settings: NormaliseSettings): Normalised {
  const record = parsedBy(readCloudTrailRecord, CloudTrailRecordSchema, envelope.detail);
  const accountId = record.recipientAccountId ?? envelope.account;
  // A call AWS refused changed nothing and exposes nothing: anyone may make one naming anyone.
  if (record.errorCode)
    return {
      detections: [],
      ignored: [
        {
          subject: record.eventID,
          reason: `CloudTrail ${record.eventName} failed (${record.errorCode}): an attempt, not a change, and never a reason to contain`,
        },
      ],
    };
  const isRoot = record.userIdentity.type === 'Root';
  const asked = quarantineAsked(record);
  if (asked) return quarantined(envelope, record, accountId, asked);
  if (
    record.eventSource === 'secretsmanager.amazonaws.com' &&
    /^(Batch)?GetSecretValue$/.test(record.eventName)
  ) {
    return secretRead(envelope, record, accountId, settings);
  }
  if (
    isRoot &&
    (record.eventName === 'ConsoleLogin' ||
      (record.eventName === 'CreateAccessKey' && !record.requestParameters?.userName))
  ) {
    return rootActivity(envelope, record, accountId);
  }
  return {
    detections: [],
    ignored: [
      { subject: record.eventID, reason: `CloudTrail ${record.eventName} is not an exposure Rekey detects` },
    ],
  };
}
