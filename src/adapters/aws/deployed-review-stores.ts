import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TIMELINE_WRITERS } from '../../domain/timeline.js';
import type { ReviewStore } from '../../ports/review-store.js';
import type { TimelineStore } from '../../ports/timeline-store.js';
import { DynamoDbTimelineStore } from './dynamodb-timeline-store.js';
import { KmsTimelineSeal } from './kms-timeline-seal.js';
import { S3ReviewStore } from './s3-review-store.js';
import { S3TimelineAnchor } from './s3-timeline-anchor.js';

/**
 * The deployed timeline table and reviews bucket, for the CLI: the SDK's usual credential chain and region (and its
 * `AWS_ENDPOINT_URL`, which the tests point at the moto server).
 */
export function deployedReviewStores(options: {
  timelineTable: string;
  anchorBucket: string;
  /** The KMS alias prefix of the writers' keys (`alias/rekey-<stage>-timeline-`). */
  keyAliasPrefix: string;
  reviewsBucket?: string;
  /** S3 by path (`bucket` in the path, not the host), as a local stand-in such as moto needs. */
  forcePathStyle?: boolean;
}): {
  timeline: TimelineStore;
  reviews?: ReviewStore;
} {
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const s3 = new S3Client({ forcePathStyle: options.forcePathStyle ?? false });
  // The stack's writers each have a key; the operator (a rollback on a laptop) has none there.
  const keys = Object.fromEntries(
    TIMELINE_WRITERS.filter((w) => w !== 'operator').map((w) => [w, `${options.keyAliasPrefix}${w}`]),
  );
  return {
    // Read and checked here, never written: the operator holds no writer's key.
    timeline: new DynamoDbTimelineStore({
      client: documents,
      table: options.timelineTable,
      seal: new KmsTimelineSeal({ client: new KMSClient({}), keys, writer: 'operator' }),
      anchor: new S3TimelineAnchor({ client: s3, bucket: options.anchorBucket }),
    }),
    ...(options.reviewsBucket
      ? { reviews: new S3ReviewStore({ client: s3, bucket: options.reviewsBucket }) }
      : {}),
  };
}
