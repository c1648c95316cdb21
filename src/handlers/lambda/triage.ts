import { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDbIncidentRegistry } from '../../adapters/aws/dynamodb-incident-registry.js';
import { DynamoDbKeyOwners } from '../../adapters/aws/dynamodb-key-owners.js';
import { LambdaAnnouncer } from '../../adapters/aws/lambda-announcer.js';
import { SfnWorkflow } from '../../adapters/aws/sfn-workflow.js';
import { systemClock } from '../../domain/clock.js';
import { randomIds } from '../../domain/ids.js';
import { createTriageHandler } from '../triage.js';
import { readEnvironment } from './config.js';
import { investigationPorts } from './investigation-ports.js';
import { loadedOnFirstCall } from './loaded-on-first-call.js';
import { deployedTimeline, documentClient, logger, memberAccounts } from './wiring.js';

const env = readEnvironment([
  'REKEY_ACCOUNT_ID',
  'REKEY_MEMBER_ROLE_NAME',
  'REKEY_INCIDENTS_TABLE',
  'REKEY_TIMELINE_TABLE',
  'REKEY_TIMELINE_KEYS',
  'REKEY_ANCHOR_BUCKET',
  'REKEY_DEAD_LETTER_QUEUE_URL',
  'REKEY_STATE_MACHINES',
  'REKEY_PROTECTED_PRINCIPALS',
  'REKEY_ADMINISTRATOR_ACCOUNTS',
  'REKEY_SECRET_READ_ALLOWLIST',
  'REKEY_OWN_ROLES',
  'REKEY_NOTIFY_FUNCTION',
  'REKEY_INVENTORY_ACCOUNTS',
]);
const documents = documentClient();

// Its own account directly, the others through the read-only member role: IAM, and CloudTrail and EC2's regions to
// find the key behind a user's session.
const accounts = memberAccounts(env.REKEY_ACCOUNT_ID, env.REKEY_MEMBER_ROLE_NAME);
const { auditTrailFor, networkFor } = investigationPorts(accounts);

/** The triage Lambda: target of every detection rule. */
export const handler = createTriageHandler({
  identityFor: accounts.identityFor,
  // Items of the incidents table under their own prefix: a guess of a key's owner, which IAM confirms.
  keyOwners: new DynamoDbKeyOwners({
    client: documents,
    table: env.REKEY_INCIDENTS_TABLE,
    clock: systemClock,
  }),
  inventoryAccounts: [env.REKEY_ACCOUNT_ID, ...env.REKEY_INVENTORY_ACCOUNTS],
  auditTrailFor,
  networkFor,
  registry: new DynamoDbIncidentRegistry({ client: documents, table: env.REKEY_INCIDENTS_TABLE }),
  timeline: deployedTimeline(env, 'triage', documents),
  workflow: new SfnWorkflow({ client: new SFNClient({}), stateMachines: env.REKEY_STATE_MACHINES }),
  announcer: new LambdaAnnouncer({ client: new LambdaClient({}), functionName: env.REKEY_NOTIFY_FUNCTION }),
  // Loaded when first called: triage rejects little of what the rules deliver.
  deadLetters: loadedOnFirstCall(
    async () =>
      (await import('../../adapters/aws/sqs-dead-letters.js')).sqsDeadLettersWith(
        {},
        env.REKEY_DEAD_LETTER_QUEUE_URL,
      ),
    { keep: true },
  ),
  clock: systemClock,
  ids: randomIds,
  protectedPrincipals: env.REKEY_PROTECTED_PRINCIPALS,
  administratorAccounts: env.REKEY_ADMINISTRATOR_ACCOUNTS,
  ownRoles: env.REKEY_OWN_ROLES,
  settings: { secretReadAllowlist: env.REKEY_SECRET_READ_ALLOWLIST },
  drill: false,
  ownAccountId: env.REKEY_ACCOUNT_ID,
  log: logger,
});
