import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { ListInstancesCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { awsCall } from './errors.js';

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
