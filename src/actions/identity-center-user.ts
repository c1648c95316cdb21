import { AccessDeniedError } from '../domain/errors.js';
import type { AssignedPrincipal, IdentityCenter, PermissionSetRef } from '../ports/identity-center.js';

/** The permission sets an Identity Center user holds, and how far the search reached. */
export interface UserPermissionSets {
  sets: PermissionSetRef[];
  /** True when every account was searched; false when only the signal's account could be (not the management account). */
  everyAccount: boolean;
}

/** The user and each of their groups, as account assignments name principals. */
async function principalsOf(center: IdentityCenter, userId: string): Promise<AssignedPrincipal[]> {
  const groups = await center.groupIdsOf(userId);
  return [
    { principalType: 'USER', principalId: userId },
    ...groups.map((principalId) => ({ principalType: 'GROUP' as const, principalId })),
  ];
}

/** The sets assigned to any of the principals in one account: what a delegated administrator can still list. */
async function assignedIn(
  center: IdentityCenter,
  accountId: string,
  principals: AssignedPrincipal[],
): Promise<string[]> {
  const found: string[] = [];
  for (const arn of await center.permissionSetArnsIn(accountId)) {
    const assigned = await center.assignmentsIn(accountId, arn);
    const held = assigned.some((a) =>
      principals.some((p) => p.principalType === a.principalType && p.principalId === a.principalId),
    );
    if (held) found.push(arn);
  }
  return found;
}

/**
 * Every permission set an Identity Center user is assigned, directly or through a group, in every account
 * (ListAccountAssignmentsForPrincipal for the user and each group, as AWS documents the user's access). AWS serves
 * that call only to the management account: from a delegated administrator the search falls back to the signal's
 * account (ListPermissionSetsProvisionedToAccount, ListAccountAssignments) and says so. The set behind the
 * session's own role is always among them.
 */
export async function userPermissionSets(
  center: IdentityCenter,
  userId: string,
  accountId: string,
  sessionSet: PermissionSetRef | undefined,
): Promise<UserPermissionSets> {
  const principals = await principalsOf(center, userId);
  let arns: string[] = [];
  let everyAccount = true;
  try {
    for (const principal of principals) arns.push(...(await center.permissionSetArnsAssignedTo(principal)));
  } catch (error) {
    if (!(error instanceof AccessDeniedError)) throw error;
    everyAccount = false;
    arns = await assignedIn(center, accountId, principals);
  }
  const sets = sessionSet ? [sessionSet] : [];
  for (const arn of [...new Set(arns)].sort()) {
    if (sets.some((s) => s.permissionSetArn === arn)) continue;
    sets.push(await center.describePermissionSet(arn));
  }
  return { sets: sets.sort((a, b) => a.name.localeCompare(b.name)), everyAccount };
}
