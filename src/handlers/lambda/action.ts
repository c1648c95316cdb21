import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDbApprovalStore } from '../../adapters/aws/dynamodb-approval-store.js';
import { DynamoDbIncidentRegistry } from '../../adapters/aws/dynamodb-incident-registry.js';
import { AwsRootAccess } from '../../adapters/aws/root-access.js';
import { systemClock } from '../../domain/clock.js';
import { createActionHandler } from '../action.js';
import {
  actionPorts,
  identityCenterLoadedOnFirstCall,
  organizationsLoadedOnFirstCall,
} from './action-ports.js';
import { readEnvironment } from './config.js';
import { deployedTimeline, documentClient, logger, memberAccounts } from './wiring.js';

const env = readEnvironment([
  'REKEY_INCIDENTS_TABLE',
  'REKEY_ACCOUNT_ID',
  'REKEY_MEMBER_ROLE_NAME',
  'REKEY_TIMELINE_TABLE',
  'REKEY_TIMELINE_KEYS',
  'REKEY_ANCHOR_BUCKET',
  'REKEY_PROTECTED_PRINCIPALS',
  'REKEY_OWN_ROLES',
  'REKEY_IDENTITY_CENTER_REGION',
  'REKEY_MANAGEMENT_ROLE_ARN',
  'REKEY_IDENTITY_CENTER_ROLE_ARN',
  'REKEY_APPROVALS_TABLE',
  'REKEY_RESPONDERS',
]);
const registry = new DynamoDbIncidentRegistry({ client: documentClient(), table: env.REKEY_INCIDENTS_TABLE });
const accounts = memberAccounts(env.REKEY_ACCOUNT_ID, env.REKEY_MEMBER_ROLE_NAME);
const region = env.REKEY_IDENTITY_CENTER_REGION;
const managementRole = env.REKEY_MANAGEMENT_ROLE_ARN;
const identityCenterRole = env.REKEY_IDENTITY_CENTER_ROLE_ARN;

/**
 * The action Lambda: runs consecutive playbook steps (invoked by the state machines only), and carries out restores
 * agreed in Slack (woken by the restore queue); the only function allowed to change IAM.
 */
export const handler = createActionHandler({
  ...actionPorts(accounts),
  ...(region
    ? {
        // In the instance's account (management or delegated administrator) through its role, else in this one.
        identityCenter: identityCenterLoadedOnFirstCall(
          region,
          identityCenterRole ? () => accounts.assume(identityCenterRole) : undefined,
        ),
      }
    : {}),
  ...(managementRole
    ? {
        organizations: organizationsLoadedOnFirstCall(() => accounts.assume(managementRole)),
        // AssumeRoot is only served by regional STS endpoints: the client takes the function's region.
        rootAccess: new AwsRootAccess({
          sts: new STSClient({ credentials: () => accounts.assume(managementRole) }),
        }),
      }
    : {}),
  timeline: deployedTimeline(env, 'action'),
  // Deployed, a drill's incident only ever simulates: by the payload's flag or by the registry's record.
  drills: 'simulate',
  isDrill: async (incidentId) => (await registry.get(incidentId))?.drill === true,
  clock: systemClock,
  actor: 'rekey:action',
  protection: { protectedPrincipals: env.REKEY_PROTECTED_PRINCIPALS, ownRoles: env.REKEY_OWN_ROLES },
  // A restore is carried out only on an approval the action function reads itself.
  approvals: new DynamoDbApprovalStore({ client: documentClient(), table: env.REKEY_APPROVALS_TABLE }),
  responders: env.REKEY_RESPONDERS,
  log: logger,
});
