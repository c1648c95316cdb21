import { DynamoDbTimelineStore } from '../../adapters/aws/dynamodb-timeline-store.js';
import { LogNotifier } from '../../adapters/local/log-notifier.js';
import { systemClock } from '../../domain/clock.js';
import { createNotifyHandler } from '../notify.js';
import { readEnvironment } from './config.js';
import { documentClient, logger } from './wiring.js';

const env = readEnvironment(['REKEY_TIMELINE_TABLE']);

/** The notify Lambda, invoked asynchronously by the playbooks. */
export const handler = createNotifyHandler({
  notifier: new LogNotifier(logger),
  timeline: new DynamoDbTimelineStore({ client: documentClient(), table: env.REKEY_TIMELINE_TABLE }),
  clock: systemClock,
});
