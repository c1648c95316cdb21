import { DynamoDbApprovalStore } from '../../adapters/aws/dynamodb-approval-store.js';
import { createApprovalHandler } from '../approval.js';
import { notifyingFunction } from './notifying-function.js';

/** The approval Lambda: records a pending approval (with its task token) and asks the responders in Slack. */
export const handler = notifyingFunction('approval', [], ({ env, documents, timeline, notifier, clock }) =>
  createApprovalHandler({
    approvals: new DynamoDbApprovalStore({ client: documents, table: env.REKEY_APPROVALS_TABLE }),
    timeline,
    notifier,
    clock,
  }),
);
