import { CreateAliasCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDbTimelineStore } from '../../src/adapters/aws/dynamodb-timeline-store.js';
import { KmsTimelineSeal } from '../../src/adapters/aws/kms-timeline-seal.js';
import { S3TimelineAnchor } from '../../src/adapters/aws/s3-timeline-anchor.js';
import { TIMELINE_WRITERS, type TimelineWriter } from '../../src/domain/timeline.js';
import type { MotoClientConfig } from './fresh-moto.js';
import { motoDynamoDb } from './moto-dynamodb.js';

/** The KMS alias prefix the deployment gives the writers' keys (stage `dev`). */
export const KEY_ALIAS_PREFIX = 'alias/rekey-dev-timeline-';
/** The anchor bucket's name in the contract tests. */
export const ANCHOR_BUCKET = 'rekey-anchors';

/**
 * The deployed timeline on the moto server, reset: the table, one HMAC key per writer under the deployment's
 * aliases, and the anchor bucket with Object Lock. `as(writer)` is the store one function writes with.
 */
export async function motoTimeline(endpoint: string) {
  const documents = await motoDynamoDb(endpoint, [{ name: 'timeline', sortKey: 'seq' }]);
  const config: MotoClientConfig = {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
  };
  const kms = new KMSClient(config);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  for (const writer of TIMELINE_WRITERS) {
    const key = await kms.send(
      new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }),
    );
    await kms.send(
      new CreateAliasCommand({
        AliasName: `${KEY_ALIAS_PREFIX}${writer}`,
        TargetKeyId: key.KeyMetadata?.KeyId,
      }),
    );
  }
  await s3.send(new CreateBucketCommand({ Bucket: ANCHOR_BUCKET, ObjectLockEnabledForBucket: true }));
  const keys = Object.fromEntries(TIMELINE_WRITERS.map((w) => [w, `${KEY_ALIAS_PREFIX}${w}`]));
  return {
    documents,
    as: (writer: TimelineWriter) =>
      new DynamoDbTimelineStore({
        client: documents,
        table: 'timeline',
        seal: new KmsTimelineSeal({ client: kms, keys, writer }),
        anchor: new S3TimelineAnchor({ client: s3, bucket: ANCHOR_BUCKET }),
      }),
  };
}
