import { DynamoDbTimelineStore } from '../../adapters/aws/dynamodb-timeline-store.js';
import { systemClock } from '../../domain/clock.js';
import { createNotifyHandler } from '../notify.js';
import { readEnvironment } from './config.js';
import { deployedNotifier } from './slack-wiring.js';
import { documentClient } from './wiring.js';

const env = readEnvironment([
  'REKEY_TIMELINE_TABLE',
  'REKEY_APPROVALS_TABLE',
  'REKEY_SLACK_SECRET_ID',
  'REKEY_SLACK_CHANNEL',
]);
const timeline = new DynamoDbTimelineStore({ client: documentClient(), table: env.REKEY_TIMELINE_TABLE });
// Built on the first invocation: the Slack secret is read once per cold start.
const ready = deployedNotifier(env).then((notifier) =>
  createNotifyHandler({ notifier, timeline, clock: systemClock }),
);

/** The notify Lambda, invoked asynchronously by the playbooks. */
export const handler = async (payload: unknown) => (await ready)(payload);
