import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDbApprovalStore } from '../../adapters/aws/dynamodb-approval-store.js';
import { DynamoDbIncidentRegistry } from '../../adapters/aws/dynamodb-incident-registry.js';
import { DynamoDbReplayGuard } from '../../adapters/aws/dynamodb-replay-guard.js';
import { SfnWorkflow } from '../../adapters/aws/sfn-workflow.js';
import { slackClient } from '../../adapters/slack/client.js';
import { WebApiSlackDirectory } from '../../adapters/slack/slack-directory.js';
import { systemClock } from '../../domain/clock.js';
import {
  createSlackInteractionsHandler,
  type HttpRequest,
  type HttpResponse,
} from '../slack-interactions.js';
import { readEnvironment } from './config.js';
import { loadedOnFirstCall } from './loaded-on-first-call.js';
import { deployedNotifier, slackSecret } from './slack-wiring.js';
import { deployedTimeline, documentClient, logger } from './wiring.js';

const env = readEnvironment([
  'REKEY_APPROVALS_TABLE',
  'REKEY_TIMELINE_TABLE',
  'REKEY_TIMELINE_KEYS',
  'REKEY_ANCHOR_BUCKET',
  'REKEY_INCIDENTS_TABLE',
  'REKEY_REPLAY_TABLE',
  'REKEY_STATE_MACHINES',
  'REKEY_SLACK_SECRET_ID',
  'REKEY_SLACK_CHANNEL',
  'REKEY_RESPONDERS',
  'REKEY_RESPONDER_GROUP',
  'REKEY_RESTORE_QUEUE_URL',
  'SLACK_API_URL',
]);
const documents = documentClient();
// Slack waits three seconds: the message update after a decision gets one short try, no retries.
const QUICK = { retries: 0 };

const ready = (async () => {
  const secret = await slackSecret(env.REKEY_SLACK_SECRET_ID);
  if (!secret) return undefined;
  const client = slackClient(secret.botToken, {
    apiUrl: env.SLACK_API_URL,
    retries: QUICK,
    timeoutMs: 1500,
  });
  return createSlackInteractionsHandler({
    signingSecret: secret.signingSecret,
    replays: new DynamoDbReplayGuard({
      client: documents,
      table: env.REKEY_REPLAY_TABLE,
      clock: systemClock,
    }),
    approvals: new DynamoDbApprovalStore({ client: documents, table: env.REKEY_APPROVALS_TABLE }),
    timeline: deployedTimeline(env, 'slack', documents),
    registry: new DynamoDbIncidentRegistry({ client: documents, table: env.REKEY_INCIDENTS_TABLE }),
    workflow: new SfnWorkflow({ client: new SFNClient({}), stateMachines: env.REKEY_STATE_MACHINES }),
    notifier: await deployedNotifier(env, QUICK),
    responders: {
      responders: env.REKEY_RESPONDERS,
      ...(env.REKEY_RESPONDER_GROUP ? { group: env.REKEY_RESPONDER_GROUP } : {}),
    },
    directory: new WebApiSlackDirectory(client),
    // Loaded when first called: a restore is agreed far less often than a playbook is approved.
    restorer: loadedOnFirstCall(
      async () =>
        (await import('../../adapters/aws/sqs-restore-requests.js')).sqsRestoreRequestsWith(
          {},
          env.REKEY_RESTORE_QUEUE_URL,
        ),
      { restore: true },
    ),
    clock: systemClock,
    log: logger,
  });
})();

/** The Slack interactivity endpoint behind the HTTP API; without the Slack secret it refuses everything. */
export const handler = async (request: HttpRequest): Promise<HttpResponse> => {
  const handle = await ready;
  if (!handle)
    return {
      statusCode: 503,
      headers: { 'content-type': 'application/json' },
      body: '{"error":"Slack is not connected"}',
    };
  return handle(request);
};
