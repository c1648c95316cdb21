import { DynamoDbTimelineStore } from '../../adapters/aws/dynamodb-timeline-store.js';
import { systemClock } from '../../domain/clock.js';
import { createActionHandler } from '../action.js';
import { readEnvironment } from './config.js';
import { documentClient, identityProvider, logger } from './wiring.js';

const env = readEnvironment([
  'REKEY_ACCOUNT_ID',
  'REKEY_MEMBER_ROLE_NAME',
  'REKEY_TIMELINE_TABLE',
  'REKEY_PROTECTED_PRINCIPALS',
  'REKEY_OWN_ROLES',
]);

/** The action Lambda: runs consecutive playbook steps; the only function allowed to change IAM. */
export const handler = createActionHandler({
  identityFor: identityProvider(env.REKEY_ACCOUNT_ID, env.REKEY_MEMBER_ROLE_NAME),
  timeline: new DynamoDbTimelineStore({ client: documentClient(), table: env.REKEY_TIMELINE_TABLE }),
  clock: systemClock,
  actor: 'rekey:action',
  protection: { protectedPrincipals: env.REKEY_PROTECTED_PRINCIPALS, ownRoles: env.REKEY_OWN_ROLES },
  log: logger,
});
