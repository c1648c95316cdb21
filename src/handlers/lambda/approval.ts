import { DynamoDbApprovalStore } from '../../adapters/aws/dynamodb-approval-store.js';
import { DynamoDbTimelineStore } from '../../adapters/aws/dynamodb-timeline-store.js';
import { LogNotifier } from '../../adapters/local/log-notifier.js';
import { systemClock } from '../../domain/clock.js';
import { createApprovalHandler } from '../approval.js';
import { readEnvironment } from './config.js';
import { documentClient, logger } from './wiring.js';

const env = readEnvironment(['REKEY_APPROVALS_TABLE', 'REKEY_TIMELINE_TABLE']);
const documents = documentClient();

/** The approval Lambda: records a pending approval (with its task token) and asks the responders. */
export const handler = createApprovalHandler({
  approvals: new DynamoDbApprovalStore({ client: documents, table: env.REKEY_APPROVALS_TABLE }),
  timeline: new DynamoDbTimelineStore({ client: documents, table: env.REKEY_TIMELINE_TABLE }),
  notifier: new LogNotifier(logger),
  clock: systemClock,
});
