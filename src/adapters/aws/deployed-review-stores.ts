import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReviewStore } from '../../ports/review-store.js';
import type { TimelineStore } from '../../ports/timeline-store.js';
import { DynamoDbTimelineStore } from './dynamodb-timeline-store.js';
import { S3ReviewStore } from './s3-review-store.js';

/**
 * The deployed timeline table and reviews bucket, for the CLI: the SDK's usual credential chain and region, and
 * `AWS_ENDPOINT_URL` when set (the tests point it at the moto server).
 */
export function deployedReviewStores(options: { timelineTable: string; reviewsBucket?: string }): {
  timeline: TimelineStore;
  reviews?: ReviewStore;
} {
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  return {
    timeline: new DynamoDbTimelineStore({ client: documents, table: options.timelineTable }),
    ...(options.reviewsBucket
      ? {
          reviews: new S3ReviewStore({
            client: new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL) }),
            bucket: options.reviewsBucket,
          }),
        }
      : {}),
  };
}
