import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDbIncidentRegistry } from '../../adapters/aws/dynamodb-incident-registry.js';
import { S3ReviewStore } from '../../adapters/aws/s3-review-store.js';
import { createReviewHandler } from '../review.js';
import { notifyingFunction } from './notifying-function.js';

/** The review Lambda: closes the incident, stores the review (Markdown and HTML) and posts its summary to Slack. */
export const handler = notifyingFunction(
  'review',
  ['REKEY_INCIDENTS_TABLE', 'REKEY_REVIEWS_BUCKET', 'REKEY_STATE_MACHINES'],
  ({ env, documents, timeline, notifier, clock }) =>
    createReviewHandler({
      registry: new DynamoDbIncidentRegistry({ client: documents, table: env.REKEY_INCIDENTS_TABLE }),
      timeline,
      reviews: new S3ReviewStore({ client: new S3Client({}), bucket: env.REKEY_REVIEWS_BUCKET }),
      clock,
      notifier,
      stateMachines: env.REKEY_STATE_MACHINES,
    }),
);
