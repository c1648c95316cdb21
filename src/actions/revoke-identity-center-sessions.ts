import { createHash } from 'node:crypto';
import { revokeIdentityCenterSessions } from '../domain/actions.js';
import { AccessDeniedError, NotContainableError } from '../domain/errors.js';
import { asList, type PolicyDocument, type PolicyStatement, policySize } from '../domain/policy-document.js';
import { IDENTITY_CENTER_PATH, IDENTITY_CENTER_ROLE } from '../domain/protection.js';
import type { IdentityCenter, PermissionSetRef } from '../ports/identity-center.js';
import { type Action, type ActionContext, type Undo, withPartialUndo } from './action.js';
import { containable } from './guard.js';
import { type UserPermissionSets, userPermissionSets } from './identity-center-user.js';

/** The deny merged into a permission set's inline policy: everything, for the one Identity Center user. */
export function identityCenterUserDeny(sid: string, userId: string): PolicyStatement {
  return {
    Sid: sid,
    Effect: 'Deny',
    Action: '*',
    Resource: '*',
    Condition: { StringEquals: { 'identitystore:userId': userId } },
  };
}

/** Identity Center's limit on a permission set's inline policy. */
export const PERMISSION_SET_INLINE_LIMIT = 32_768;

const permissionSetName = (roleName: string) => roleName.match(IDENTITY_CENTER_ROLE)?.[1] ?? roleName;

type Parameters = { accountId: string; roleName: string; userName: string };
type Prior = PolicyDocument | null;

function centerOf(context: ActionContext, roleName: string): IdentityCenter {
  if (!context.identityCenter)
    throw new NotContainableError(
      `${roleName} belongs to Identity Center, which Rekey is not configured to reach`,
    );
  return context.identityCenter;
}

/**
 * The session's role, containable and Identity Center's own (on IAM's reserved path): anyone may name a role of
 * theirs `AWSReservedSSO_...`, and its session's name would then choose which Identity Center user is denied.
 */
async function identityCenterRole(roleName: string, context: ActionContext): Promise<void> {
  const role = await containable({ kind: 'role', name: roleName }, context);
  if (role.path !== IDENTITY_CENTER_PATH)
    throw new NotContainableError(
      `${role.arn} is not an Identity Center role (its path is ${role.path}, not ${IDENTITY_CENTER_PATH}): its sessions are revoked as any role's are, never by denying the Identity Center user its session names`,
    );
}

/** The user's identity store id and every permission set they hold (the session's own first among them). */
async function userAndSets(
  center: IdentityCenter,
  { roleName, userName }: Parameters,
): Promise<{ userId: string } & UserPermissionSets> {
  const userId = await center.findUserId(userName);
  if (!userId) throw new NotContainableError(`no Identity Center user named ${userName}`);
  const sessionSet = await center.findPermissionSet(permissionSetName(roleName));
  const found = await userPermissionSets(center, userId, sessionSet);
  if (found.sets.length === 0) throw new NotContainableError(`no permission set of ${userName} found`);
  return { userId, ...found };
}

const holds = (document: Prior | undefined, sid: string) =>
  asList(document?.Statement ?? []).some((s) => s.Sid === sid);

const restore = (set: PermissionSetRef, document: Prior): Undo => ({
  operation: 'sso:RestoreInlinePolicy',
  parameters: { permissionSet: set, document },
});

/** Each set's prior inline policy and, where the deny is not in it yet, the merged one; none changed yet. */
async function merges(center: IdentityCenter, sets: PermissionSetRef[], deny: PolicyStatement) {
  const planned: Array<{ set: PermissionSetRef; prior: Prior; merged?: PolicyDocument }> = [];
  for (const set of sets) {
    const prior = (await center.getInlinePolicy(set)) ?? null;
    if (holds(prior, String(deny.Sid))) {
      planned.push({ set, prior });
      continue;
    }
    const merged: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [...asList(prior?.Statement ?? []), deny],
    };
    if (policySize(merged) > PERMISSION_SET_INLINE_LIMIT)
      throw new NotContainableError(`the inline policy of ${set.name} has no room for the deny`);
    planned.push({ set, prior, merged });
  }
  return planned;
}

/**
 * Identity Center's roles cannot be edited (UnmodifiableEntity), so, as AWS documents for revoking an Identity
 * Center user's active sessions, the deny goes into the inline policy of every permission set assigned to the user
 * (directly or through a group, in every account), each then provisioned again. That call replaces the whole
 * document: the deny is merged in and the prior document journaled. The deny is scoped to the user
 * (`identitystore:userId`), or it would cut off every user of the set in every account. It has no
 * `aws:TokenIssueTime` condition: with a stolen access-portal session the attacker can fetch fresh role
 * credentials at will, so the user is denied outright until the rollback. Every set is read and merged before any
 * is changed, so a set without room stops the step with nothing changed. From a delegated administrator the sets
 * are found account by account within a bound: past it, the user is denied in the sets found and the step
 * escalates.
 */
export const revokeIdentityCenterSessionsAction: Action<typeof revokeIdentityCenterSessions> = {
  descriptor: revokeIdentityCenterSessions,
  plan: ({ userName }, { incidentId }) => ({
    sid: `RekeyRevoke${createHash('sha256').update(`${incidentId}/${userName}`).digest('hex').slice(0, 12)}`,
  }),
  observe: async (parameters, _plan, context) => {
    if (!context.identityCenter) return undefined;
    // Journaled with the plan: the search (up to 1,000 listing calls) is not made again to apply it.
    const found = await userAndSets(context.identityCenter, parameters);
    const inlinePolicies: Record<string, Prior> = {};
    for (const set of found.sets)
      inlinePolicies[set.permissionSetArn] = (await context.identityCenter.getInlinePolicy(set)) ?? null;
    return { inlinePolicies, found };
  },
  async calls(parameters, _plan, context) {
    await identityCenterRole(parameters.roleName, context);
    const names = context.identityCenter
      ? (await userAndSets(context.identityCenter, parameters)).sets.map((s) => s.name)
      : [permissionSetName(parameters.roleName)];
    return names.flatMap((resource) => [
      { operation: 'sso:PutInlinePolicyToPermissionSet', resource },
      { operation: 'sso:ProvisionPermissionSet', resource },
    ]);
  },
  async apply(parameters, plan, context) {
    const { roleName, userName } = parameters;
    // A protected session role (a break-glass permission set, tagged or configured) is refused, as any action does.
    await identityCenterRole(roleName, context);
    const center = centerOf(context, roleName);
    const observed = plan.before as
      | { inlinePolicies?: Record<string, Prior>; found?: Awaited<ReturnType<typeof userAndSets>> }
      | undefined;
    const { userId, sets, gap } = observed?.found ?? (await userAndSets(center, parameters));
    const sid = String(plan.sid);
    const deny = identityCenterUserDeny(sid, userId);
    const planned = await merges(center, sets, deny);
    const before = observed?.inlinePolicies;
    const undo: Undo[] = [];
    const prior: Record<string, Prior> = {};
    const refused: string[] = [];
    try {
      for (const { set, prior: was, merged } of planned) {
        try {
          if (merged) {
            await center.putInlinePolicy(set, merged);
            undo.push(restore(set, was));
            prior[set.permissionSetArn] = was;
          } else {
            // An earlier attempt of this step merged it: still this step's change, and still undone with it.
            const earlier = before?.[set.permissionSetArn];
            if (earlier !== undefined && !holds(earlier, sid)) {
              undo.push(restore(set, earlier));
              prior[set.permissionSetArn] = earlier;
            }
          }
          // Again on a retry too, in case provisioning was what failed.
          await center.provision(set);
        } catch (error) {
          // AWS keeps a set provisioned in the management account out of a delegated administrator's reach: the
          // user is still denied in the others.
          if (!(error instanceof AccessDeniedError)) throw error;
          refused.push(set.name);
        }
      }
    } catch (error) {
      // The sets changed so far hold the deny even though the step failed: a rollback must still restore them.
      throw withPartialUndo(error, undo);
    }
    const names = sets.map((s) => s.name).join(', ');
    const gaps = [
      ...(gap ? [gap] : []),
      ...(refused.length ? [`Identity Center refused to change ${refused.join(', ')} (AccessDenied)`] : []),
    ];
    // The user may still hold other sets: denied in those Rekey could change, and escalated, never contained.
    if (gaps.length > 0) {
      const denied = sets.filter((s) => !refused.includes(s.name)).map((s) => s.name);
      throw withPartialUndo(
        new NotContainableError(
          `${userName} denied through ${denied.join(', ') || 'no permission set'} only: ${gaps.join('; ')}; deny the user in their other permission sets from the management account, or disable the user`,
        ),
        undo,
      );
    }
    const facts = {
      userId,
      permissionSets: sets.map((s) => s.name),
      deniedFrom: context.clock.now().toISOString(),
    };
    if (undo.length === 0)
      return {
        status: 'unchanged',
        summary: `${userName} was already denied through ${names}; provisioned again`,
        facts,
      };
    return {
      status: 'changed',
      summary: `${userName} denied everything through every permission set assigned to them in every account: ${names} (scoped to the user, every session old and new, until rolled back), each provisioned again; also end the user's access-portal sessions and reset their password or disable them`,
      prior: { inlinePolicies: prior },
      undo: undo.length === 1 ? (undo[0] as Undo) : { operation: 'rekey:UndoAll', parameters: { undo } },
      facts,
    };
  },
};
