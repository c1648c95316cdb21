import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDbIncidentRegistry } from '../../adapters/aws/dynamodb-incident-registry.js';
import { S3ReviewStore } from '../../adapters/aws/s3-review-store.js';
import { systemClock } from '../../domain/clock.js';
import { createReviewHandler } from '../review.js';
import { readEnvironment } from './config.js';
import { deployedNotifier } from './slack-wiring.js';
import { deployedTimeline, documentClient } from './wiring.js';

const env = readEnvironment([
  'REKEY_INCIDENTS_TABLE',
  'REKEY_TIMELINE_TABLE',
  'REKEY_TIMELINE_KEYS',
  'REKEY_ANCHOR_BUCKET',
  'REKEY_REVIEWS_BUCKET',
  'REKEY_APPROVALS_TABLE',
  'REKEY_SLACK_SECRET_ID',
  'REKEY_SLACK_CHANNEL',
  'SLACK_API_URL',
]);
const documents = documentClient();
const ready = deployedNotifier(env).then((notifier) =>
  createReviewHandler({
    registry: new DynamoDbIncidentRegistry({ client: documents, table: env.REKEY_INCIDENTS_TABLE }),
    timeline: deployedTimeline(env, 'review', documents),
    reviews: new S3ReviewStore({ client: new S3Client({}), bucket: env.REKEY_REVIEWS_BUCKET }),
    clock: systemClock,
    notifier,
  }),
);

/** The review Lambda: closes the incident, stores the review (Markdown and HTML) and posts its summary to Slack. */
export const handler = async (payload: unknown) => (await ready)(payload);
