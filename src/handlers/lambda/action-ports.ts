import type { MemberAccounts, RoleCredentials } from '../../adapters/aws/member-accounts.js';
import type { IdentityCenter } from '../../ports/identity-center.js';
import type { Organizations } from '../../ports/organizations.js';
import type { RotationLogs } from '../../ports/rotation-logs.js';
import type { Secrets } from '../../ports/secrets.js';
import { investigationPorts, perAccountAndRegion } from './investigation-ports.js';
import { loadedOnFirstCall } from './loaded-on-first-call.js';

/**
 * Every port the actions use, per account and region, through the member role where needed. IAM is what every
 * invocation needs; Secrets Manager and CloudWatch Logs (exposed secrets), CloudTrail and EC2 serve a few playbooks'
 * steps, so each is loaded, client and adapter, when first called.
 */
export function actionPorts(accounts: MemberAccounts) {
  return {
    identityFor: accounts.identityFor,
    ...investigationPorts(accounts),
    secretsFor: perAccountAndRegion(
      (accountId, region): Secrets =>
        loadedOnFirstCall(
          async () =>
            (await import('../../adapters/aws/secrets-manager-secrets.js')).secretsManagerSecretsWith(
              accounts.clientConfig(accountId, region || undefined),
            ),
          {
            describe: true,
            list: true,
            rotate: true,
            removeStage: true,
            moveCurrent: true,
            getResourcePolicy: true,
            putResourcePolicy: true,
            deleteResourcePolicy: true,
          },
        ),
    ),
    rotationLogsFor: perAccountAndRegion(
      (accountId, region): RotationLogs =>
        loadedOnFirstCall(
          async () =>
            (await import('../../adapters/aws/cloudwatch-rotation-logs.js')).cloudWatchRotationLogsWith(
              accounts.clientConfig(accountId, region || undefined),
            ),
          { messagesAbout: true },
        ),
    ),
  };
}

/**
 * IAM Identity Center in its region (identity-center sessions only), as the Identity Center role when one is given
 * (the instance is in another account) or else as the function itself, loaded when first called.
 */
export function identityCenterLoadedOnFirstCall(
  region: string,
  credentials?: () => Promise<RoleCredentials>,
): IdentityCenter {
  return loadedOnFirstCall(
    async () =>
      (await import('../../adapters/aws/sso-identity-center.js')).ssoIdentityCenterIn(region, credentials),
    {
      findPermissionSet: true,
      describePermissionSet: true,
      findUserId: true,
      groupIdsOf: true,
      permissionSetArnsAssignedTo: true,
      permissionSetArns: true,
      accountsProvisionedWith: true,
      assignmentsIn: true,
      getInlinePolicy: true,
      putInlinePolicy: true,
      deleteInlinePolicy: true,
      provision: true,
    },
  );
}

/** Organizations as the management role (root credential exposures only), loaded when first called. */
export function organizationsLoadedOnFirstCall(credentials: () => Promise<RoleCredentials>): Organizations {
  return loadedOnFirstCall(
    async () =>
      (await import('../../adapters/aws/organizations-client.js')).awsOrganizationsWith({ credentials }),
    {
      managementAccountId: true,
      attachedPolicies: true,
      findPolicy: true,
      createServiceControlPolicy: true,
      attachPolicy: true,
      detachPolicy: true,
      deletePolicy: true,
    },
  );
}
