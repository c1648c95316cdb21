import { DynamoDbApprovalStore } from '../../adapters/aws/dynamodb-approval-store.js';
import { systemClock } from '../../domain/clock.js';
import { createApprovalHandler } from '../approval.js';
import { readEnvironment } from './config.js';
import { deployedNotifier } from './slack-wiring.js';
import { deployedTimeline, documentClient } from './wiring.js';

const env = readEnvironment([
  'REKEY_APPROVALS_TABLE',
  'REKEY_TIMELINE_TABLE',
  'REKEY_TIMELINE_KEYS',
  'REKEY_ANCHOR_BUCKET',
  'REKEY_SLACK_SECRET_ID',
  'REKEY_SLACK_CHANNEL',
  'SLACK_API_URL',
]);
const documents = documentClient();
const ready = deployedNotifier(env).then((notifier) =>
  createApprovalHandler({
    approvals: new DynamoDbApprovalStore({ client: documents, table: env.REKEY_APPROVALS_TABLE }),
    timeline: deployedTimeline(env, 'approval', documents),
    notifier,
    clock: systemClock,
  }),
);

/** The approval Lambda: records a pending approval (with its task token) and asks the responders in Slack. */
export const handler = async (payload: unknown) => (await ready)(payload);
