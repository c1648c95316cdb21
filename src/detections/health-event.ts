import * as z from 'zod';
import { ACCESS_KEY_ID, accessKeyKind } from '../domain/access-key.js';
import type { Detection } from '../domain/detection.js';
import { type EventEnvelope, isoTime, type Normalised } from './envelope.js';
import { readHealthDetail } from './health-detail-reader.js';
import { parsedBy } from './loose-reader.js';

/** The `detail` of an AWS Health event, as far as Rekey reads it. */
export const HealthDetailSchema = z.looseObject({
  eventArn: z.string(),
  eventTypeCode: z.string(),
  service: z.string().optional(),
  /** RFC 1123 in EventBridge deliveries (`Wed, 12 Feb 2025 00:37:54 GMT`). */
  startTime: z.string().optional(),
  affectedAccount: z.string().optional(),
  eventMetadata: z.record(z.string(), z.unknown()).optional(),
  affectedEntities: z.array(z.looseObject({ entityValue: z.string() })).default([]),
});

/** How sure AWS is of a risk event, and whether it is about the console (a password) rather than keys. */
interface Risk {
  severity: number;
  awsReportedExposed: boolean;
  says: string;
  console?: boolean;
}

/** The Health risk events about credentials, with how sure AWS is. */
const RISK_EVENTS: Record<string, Risk> = {
  AWS_RISK_CREDENTIALS_EXPOSED: { severity: 9, awsReportedExposed: true, says: 'found publicly exposed' },
  AWS_RISK_CREDENTIALS_COMPROMISED: { severity: 9, awsReportedExposed: true, says: 'reports as compromised' },
  AWS_RISK_CREDENTIALS_EXPOSURE_SUSPECTED: {
    severity: 7,
    awsReportedExposed: false,
    says: 'suspects is exposed',
  },
  AWS_RISK_CREDENTIALS_COMPROMISE_SUSPECTED: {
    severity: 7,
    awsReportedExposed: false,
    says: 'suspects is compromised',
  },
  AWS_RISK_IAM_QUARANTINE: { severity: 9, awsReportedExposed: true, says: 'quarantined' },
  // Not in AWS's documentation: sent to accounts whose console AWS believes compromised (with a support case). It
  // names the account (its root) or a user; a responder decides, and root always takes two.
  AWS_RISK_ACCOUNT_CONSOLE_COMPROMISE: {
    severity: 8,
    awsReportedExposed: false,
    says: 'suspects the console sign-in is compromised',
    console: true,
  },
};

/** The Health event type codes Rekey reads as a credential risk (its rule's pattern lists the same). */
export const HEALTH_RISK_CODES: readonly string[] = Object.keys(RISK_EVENTS);

const USER_ARN = /^arn:aws[\w-]*:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/;
const ACCOUNT = /^(?:arn:aws[\w-]*:iam::)?(\d{12})(?::root)?$/;

/** One detection per credential in `affectedEntities` of an AWS Health credential risk event. */
export function normaliseHealthEvent(envelope: EventEnvelope): Normalised {
  const detail = parsedBy(readHealthDetail, HealthDetailSchema, envelope.detail);
  const risk = RISK_EVENTS[detail.eventTypeCode];
  if (!risk) {
    return {
      detections: [],
      ignored: [
        {
          subject: detail.eventArn,
          reason: `Health event type ${detail.eventTypeCode} is not a credential risk`,
        },
      ],
    };
  }
  const accountId = /^\d{12}$/.test(detail.affectedAccount ?? '')
    ? (detail.affectedAccount as string)
    : envelope.account;
  const metadata = detail.eventMetadata ?? {};
  const exposedAt = typeof metadata.exposedUrl === 'string' ? ` at ${metadata.exposedUrl}` : '';
  const detections: Detection[] = [];
  const ignored: Normalised['ignored'] = [];
  // A console compromise that names nothing is about the account itself.
  const entities =
    risk.console && detail.affectedEntities.length === 0
      ? [{ entityValue: accountId }]
      : detail.affectedEntities;
  if (entities.length === 0)
    ignored.push({ subject: detail.eventArn, reason: 'the event names no affected entity' });
  const observedAt = isoTime(detail.startTime, envelope.time);
  for (const { entityValue } of entities) {
    const evidence = {
      source: 'aws.health' as const,
      type: detail.eventTypeCode,
      reportId: detail.eventArn,
      eventId: envelope.id,
      severity: risk.severity,
      awsReportedExposed: risk.awsReportedExposed,
      observedAt,
      summary: `AWS Health ${risk.says}: ${entityValue}${exposedAt}`,
      sample: false,
    };
    detections.push(
      entityDetection(entityValue, {
        accountId,
        region: envelope.region,
        evidence,
        consoleRisk: risk.console,
        metadata,
      }),
    );
  }
  return { detections, ignored };
}

/** What the event's context gives each entity's detection. */
interface EntityContext {
  accountId: string;
  region: string;
  evidence: Detection['evidence'];
  consoleRisk: boolean | undefined;
  metadata: Record<string, unknown>;
}

/** The detection of one affected entity: a user, an account's root, a session key, a long-term key, or neither. */
function entityDetection(
  entityValue: string,
  { accountId, region, evidence, consoleRisk, metadata }: EntityContext,
): Detection {
  const userArn = entityValue.match(USER_ARN);
  if (userArn) {
    const [, owner = accountId, name = ''] = userArn;
    return {
      kind: consoleRisk ? 'console-login' : 'iam-user-access-key',
      accountId: owner,
      region: region,
      principal: { type: 'IAMUser', name, arn: entityValue },
      evidence,
    };
  }
  const account = consoleRisk ? entityValue.match(ACCOUNT)?.[1] : undefined;
  if (account) {
    return {
      kind: 'root',
      accountId: account,
      region: region,
      principal: { type: 'Root', name: 'root', arn: `arn:aws:iam::${account}:root` },
      evidence,
    };
  }
  // A session key: the key that minted it (GetSessionToken, GetFederationToken) is found in CloudTrail at triage.
  if (accessKeyKind(entityValue) === 'session') {
    return {
      kind: 'iam-user-access-key',
      accountId,
      region: region,
      principal: { type: 'Unknown' },
      sessionKeyId: entityValue,
      evidence,
    };
  }
  // AWS reports a credential at risk that Rekey cannot act on: responders hear of it, with the reason.
  if (!ACCESS_KEY_ID.test(entityValue)) {
    const unactionable = `AWS Health names ${entityValue}, which is neither an access key id nor an IAM user Rekey can act on`;
    return {
      kind: 'iam-user-access-key',
      accountId,
      region: region,
      principal: { type: 'Unknown', name: entityValue },
      evidence,
      unactionable,
    };
  }
  const claimed =
    metadata.publicKey === entityValue && typeof metadata.userName === 'string'
      ? metadata.userName
      : undefined;
  return {
    kind: 'iam-user-access-key',
    accountId,
    region: region,
    principal: {
      type: 'IAMUser',
      ...(claimed ? { name: claimed, arn: `arn:aws:iam::${accountId}:user/${claimed}` } : {}),
    },
    accessKeyId: entityValue,
    evidence,
  };
}
