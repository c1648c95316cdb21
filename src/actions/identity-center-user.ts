import { AccessDeniedError } from '../domain/errors.js';
import type { AssignedPrincipal, IdentityCenter, PermissionSetRef } from '../ports/identity-center.js';

/**
 * The most listing calls (ListAccountsForProvisionedPermissionSet, then ListAccountAssignments for each account) a
 * search from a delegated administrator makes: 1,000 sequential calls stay well inside the action function's time
 * (the search runs twice there, to observe and to apply) and under Identity Center's throttling.
 */
export const ASSIGNMENT_SEARCH_CALLS = 1_000;

/** The permission sets an Identity Center user holds, and how far the search reached. */
export interface UserPermissionSets {
  sets: PermissionSetRef[];
  /** What was left unsearched, and why; none when every account was searched. */
  gap?: string;
}

/** The user and each of their groups, as account assignments name principals. */
async function principalsOf(center: IdentityCenter, userId: string): Promise<AssignedPrincipal[]> {
  const groups = await center.groupIdsOf(userId);
  return [
    { principalType: 'USER', principalId: userId },
    ...groups.map((principalId) => ({ principalType: 'GROUP' as const, principalId })),
  ];
}

/** A listing call Identity Center refused (AccessDenied) is a gap in the search, never a failure of it. */
async function unlessRefused<T>(call: () => Promise<T>, refused: string[], what: string) {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof AccessDeniedError)) throw error;
    refused.push(what);
    return undefined;
  }
}

/**
 * The sets assigned to any of the principals in any account, through calls AWS serves a delegated administrator:
 * every permission set, the accounts each is provisioned to, and who is assigned it in each (a set stops being
 * searched at the first account where it is held: the deny goes into the set, for every account at once).
 */
async function assignedAnywhere(
  center: IdentityCenter,
  principals: AssignedPrincipal[],
): Promise<{ arns: string[]; gap?: string }> {
  const held = (assigned: AssignedPrincipal[] = []) =>
    assigned.some((a) =>
      principals.some((p) => p.principalType === a.principalType && p.principalId === a.principalId),
    );
  const all = await center.permissionSetArns();
  const arns: string[] = [];
  const refused: string[] = [];
  let calls = 0;
  const stopped = (searched: number) =>
    `the search stopped at its bound of ${ASSIGNMENT_SEARCH_CALLS} listing calls, having searched ${searched} of ${all.length} permission sets in full`;
  for (const [searched, arn] of all.entries()) {
    if (calls++ >= ASSIGNMENT_SEARCH_CALLS) return { arns, gap: stopped(searched) };
    const accounts = await unlessRefused(() => center.accountsProvisionedWith(arn), refused, arn);
    for (const accountId of accounts ?? []) {
      if (calls++ >= ASSIGNMENT_SEARCH_CALLS) return { arns, gap: stopped(searched) };
      const assigned = await unlessRefused(
        () => center.assignmentsIn(accountId, arn),
        refused,
        `${arn} in ${accountId}`,
      );
      if (!held(assigned)) continue;
      arns.push(arn);
      break;
    }
  }
  if (refused.length === 0) return { arns };
  return {
    arns,
    gap: `Identity Center refused to list the assignments of ${refused.join(', ')} (AccessDenied)`,
  };
}

/**
 * Every permission set an Identity Center user is assigned, directly or through a group, in every account
 * (ListAccountAssignmentsForPrincipal for the user and each group, as AWS documents the user's access). AWS serves
 * that call only to the management account: from a delegated administrator every set's assignments are read
 * account by account instead, within a bound past which the search says what it left out. The set behind the
 * session's own role is always among them.
 */
export async function userPermissionSets(
  center: IdentityCenter,
  userId: string,
  sessionSet: PermissionSetRef | undefined,
): Promise<UserPermissionSets> {
  const principals = await principalsOf(center, userId);
  let found: { arns: string[]; gap?: string };
  try {
    const arns: string[] = [];
    for (const principal of principals) arns.push(...(await center.permissionSetArnsAssignedTo(principal)));
    found = { arns };
  } catch (error) {
    if (!(error instanceof AccessDeniedError)) throw error;
    found = await assignedAnywhere(center, principals);
  }
  const sets = sessionSet ? [sessionSet] : [];
  for (const arn of [...new Set(found.arns)].sort()) {
    if (sets.some((s) => s.permissionSetArn === arn)) continue;
    sets.push(await center.describePermissionSet(arn));
  }
  sets.sort((a, b) => a.name.localeCompare(b.name));
  return found.gap ? { sets, gap: found.gap } : { sets };
}

/** The accounts the user's permission sets are provisioned to, and the sets whose accounts could not be listed. */
export interface SetAccounts {
  accounts: string[];
  unlisted: string[];
}

/**
 * Where the user's sessions of the sets can be: every account a set is provisioned to
 * (ListAccountsForProvisionedPermissionSet). A listing Identity Center refuses names its set instead.
 */
export async function accountsWithSets(
  center: IdentityCenter,
  sets: PermissionSetRef[],
): Promise<SetAccounts> {
  const accounts = new Set<string>();
  const unlisted: string[] = [];
  for (const set of sets) {
    const listed = await unlessRefused(
      () => center.accountsProvisionedWith(set.permissionSetArn),
      unlisted,
      set.name,
    );
    for (const account of listed ?? []) accounts.add(account);
  }
  return { accounts: [...accounts].sort(), unlisted };
}
