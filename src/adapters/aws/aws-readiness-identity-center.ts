import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { ListInstancesCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { awsCall } from './errors.js';
import { ssoIdentityCenterIn } from './sso-identity-center.js';

/** Who holds the organisation's instance when the organisation cannot be read. */
const SOMEWHERE_ELSE = "the organisation's management account (or Identity Center's delegated administrator)";

/**
 * Live, the account holding the Identity Center instance Rekey cannot reach: Rekey is said to contain Identity
 * Center sessions, no Identity Center role is named, and `sso:ListInstances` lists no instance in Rekey's own account.
 * Undefined when it is reached (or cannot be told: the reason goes to `unread`).
 */
export async function identityCenterOutOfReachLive(
  options: {
    identityCenter: boolean;
    identityCenterRoleArn?: string;
    /** Where Identity Center's instance is (the deployment's identityCenterRegion); by default the home region. */
    identityCenterRegion?: string;
    homeRegion: string;
  },
  unread: string[],
): Promise<string | undefined> {
  // The role trusts only Rekey's action role, so whoever runs readiness cannot assume it to look: taken as given.
  if (!options.identityCenter || options.identityCenterRoleArn) return undefined;
  const region = options.identityCenterRegion ?? options.homeRegion;
  try {
    const { Instances = [] } = await awsCall('sso:ListInstances', () =>
      new SSOAdminClient({ region }).send(new ListInstancesCommand({})),
    );
    if (Instances.length > 0) return undefined;
  } catch (error) {
    unread.push(
      `Identity Center (sso:ListInstances): ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
  try {
    const { Organization } = await awsCall('organizations:DescribeOrganization', () =>
      new OrganizationsClient({ region }).send(new DescribeOrganizationCommand({})),
    );
    return Organization?.MasterAccountId ?? SOMEWHERE_ELSE;
  } catch {
    return SOMEWHERE_ELSE;
  }
}

/**
 * Live, the accounts other than Rekey's that Identity Center's permission sets are provisioned to, each with the
 * sets' names, when Rekey reaches the instance in its own account (with an Identity Center role, the instance is
 * elsewhere and cannot be read from here). Undefined when not read (the reason goes to `unread`).
 */
export async function identityCenterAccountsLive(
  options: {
    identityCenter: boolean;
    identityCenterRoleArn?: string;
    identityCenterRegion?: string;
    homeRegion: string;
  },
  ownAccountId: string,
  unread: string[],
): Promise<Record<string, string[]> | undefined> {
  if (!options.identityCenter || options.identityCenterRoleArn) return undefined;
  const center = ssoIdentityCenterIn(options.identityCenterRegion ?? options.homeRegion);
  try {
    const accounts: Record<string, string[]> = {};
    // One set at a time: an organisation's hundreds of sets read at once would meet Identity Center's API throttling.
    for (const arn of await center.permissionSetArns()) {
      const { name } = await center.describePermissionSet(arn);
      for (const account of await center.accountsProvisionedWith(arn))
        if (account !== ownAccountId) accounts[account] = [...(accounts[account] ?? []), name].sort();
    }
    return accounts;
  } catch (error) {
    unread.push(
      `Identity Center's permission sets (sso:ListPermissionSets, sso:ListAccountsForProvisionedPermissionSet): ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
}
