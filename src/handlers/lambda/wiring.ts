import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbTimelineStore } from '../../adapters/aws/dynamodb-timeline-store.js';
import { KmsTimelineSeal } from '../../adapters/aws/kms-timeline-seal.js';
import { MemberAccounts } from '../../adapters/aws/member-accounts.js';
import { S3TimelineAnchor } from '../../adapters/aws/s3-timeline-anchor.js';
import type { TimelineWriter } from '../../domain/timeline.js';
import type { IdentityProvider } from '../../ports/identity.js';
import type { Log } from '../../ports/log.js';

const powertools = new Logger({ serviceName: 'rekey' });

/** The structured JSON log every function writes (Powertools Logger, service `rekey`). */
export const logger: Log = {
  info: (message, attributes) => powertools.info(message, attributes ?? {}),
  warn: (message, attributes) => powertools.warn(message, attributes ?? {}),
  error: (message, attributes) => powertools.error(message, attributes ?? {}),
};

/** A DynamoDB document client that drops undefined attributes (timeline data is sparse). */
export function documentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/**
 * The timeline as one function writes it: its entries sealed with the function's own KMS key, every head anchored in
 * the Object Lock bucket.
 */
export function deployedTimeline(
  env: {
    REKEY_TIMELINE_TABLE: string;
    REKEY_TIMELINE_KEYS: Partial<Record<TimelineWriter, string>>;
    REKEY_ANCHOR_BUCKET: string;
  },
  writer: TimelineWriter,
  client: DynamoDBDocumentClient = documentClient(),
): DynamoDbTimelineStore {
  return new DynamoDbTimelineStore({
    client,
    table: env.REKEY_TIMELINE_TABLE,
    seal: new KmsTimelineSeal({ client: new KMSClient({}), keys: env.REKEY_TIMELINE_KEYS, writer }),
    anchor: new S3TimelineAnchor({ client: new S3Client({}), bucket: env.REKEY_ANCHOR_BUCKET }),
  });
}

/** Rekey's reach into accounts: its own directly, the others through the member role. */
export function memberAccounts(ownAccountId: string, memberRoleName: string): MemberAccounts {
  return new MemberAccounts({
    sts: new STSClient({}),
    ownAccountId,
    ...(memberRoleName ? { memberRoleName } : {}),
  });
}

/** IAM of the accounts Rekey can act in: its own directly, the others through the member role. */
export function identityProvider(ownAccountId: string, memberRoleName: string): IdentityProvider {
  return memberAccounts(ownAccountId, memberRoleName).identityFor;
}
