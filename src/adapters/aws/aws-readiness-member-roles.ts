import { GetRoleCommand, type IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { NotContainableError, NotFoundError } from '../../domain/errors.js';
import { awsCall } from './errors.js';
import { MemberAccounts } from './member-accounts.js';

/** Whether Rekey's member role is in this account (iam:GetRole), or undefined when no role is named. */
export async function memberRolePresent(
  iam: IAMClient,
  memberRoleName: string | undefined,
): Promise<boolean | undefined> {
  if (!memberRoleName) return undefined;
  try {
    await awsCall('iam:GetRole', () => iam.send(new GetRoleCommand({ RoleName: memberRoleName })));
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}

/** Whether the member role is there in each other account: the same AssumeRole Rekey makes to contain. */
export async function memberRolesElsewhere(
  options: { memberRoleName?: string; memberAccounts?: string[]; homeRegion: string },
  ownAccountId: string,
): Promise<Record<string, boolean>> {
  const { memberRoleName, memberAccounts = [], homeRegion } = options;
  if (!memberRoleName || memberAccounts.length === 0) return {};
  const reach = new MemberAccounts({
    sts: new STSClient({ region: homeRegion }),
    ownAccountId,
    memberRoleName,
  });
  const found = await Promise.all(
    memberAccounts.map(async (account) => {
      try {
        await reach.credentialsFor(account);
        return [account, true] as const;
      } catch (error) {
        if (error instanceof NotContainableError) return [account, false] as const;
        throw error;
      }
    }),
  );
  return Object.fromEntries(found);
}
