import { createHash } from 'node:crypto';
import { revokeIdentityCenterSessions } from '../domain/actions.js';
import { NotContainableError } from '../domain/errors.js';
import { asList, type PolicyDocument, type PolicyStatement, policySize } from '../domain/policy-document.js';
import { IDENTITY_CENTER_ROLE } from '../domain/protection.js';
import { type Action, type Undo, withPartialUndo } from './action.js';

/** Identity Center's limit on a permission set's inline policy. */
export const PERMISSION_SET_INLINE_LIMIT = 32_768;

const permissionSetName = (roleName: string) => roleName.match(IDENTITY_CENTER_ROLE)?.[1] ?? roleName;

/**
 * Identity Center's roles cannot be edited (UnmodifiableEntity), so the deny goes into the permission set's inline
 * policy. That call replaces the whole document: the deny is merged in and the prior document journaled. The deny
 * is scoped to the user (`identitystore:userId`), or it would cut off every user of the set in every account. It
 * has no `aws:TokenIssueTime` condition: with a stolen access-portal session the attacker can fetch fresh role
 * credentials at will, so, as AWS documents, the user is denied outright until the rollback. The set is then
 * provisioned again, to every account it reaches (again on a retry, in case provisioning was what failed).
 */
export const revokeIdentityCenterSessionsAction: Action<typeof revokeIdentityCenterSessions> = {
  descriptor: revokeIdentityCenterSessions,
  plan: ({ userName }, { incidentId }) => ({
    sid: `RekeyRevoke${createHash('sha256').update(`${incidentId}/${userName}`).digest('hex').slice(0, 12)}`,
  }),
  observe: async ({ roleName }, _plan, context) => {
    const set = await context.identityCenter?.findPermissionSet(permissionSetName(roleName));
    return set && context.identityCenter
      ? { inlinePolicy: (await context.identityCenter.getInlinePolicy(set)) ?? null }
      : undefined;
  },
  async calls({ roleName }) {
    return [
      { operation: 'sso:PutInlinePolicyToPermissionSet', resource: permissionSetName(roleName) },
      { operation: 'sso:ProvisionPermissionSet', resource: permissionSetName(roleName) },
    ];
  },
  async apply({ roleName, userName }, plan, context) {
    const center = context.identityCenter;
    if (!center)
      throw new NotContainableError(
        `${roleName} belongs to Identity Center, which Rekey is not configured to reach`,
      );
    const set = await center.findPermissionSet(permissionSetName(roleName));
    if (!set) throw new NotContainableError(`no permission set behind ${roleName}`);
    const userId = await center.findUserId(userName);
    if (!userId) throw new NotContainableError(`no Identity Center user named ${userName}`);
    const prior = await center.getInlinePolicy(set);
    const statements = prior ? asList(prior.Statement) : [];
    const sid = String(plan.sid);
    if (statements.some((s) => s.Sid === sid)) {
      await center.provision(set);
      const before = plan.before as { inlinePolicy: PolicyDocument | null } | undefined;
      if (!before || asList(before.inlinePolicy?.Statement ?? []).some((s) => s.Sid === sid))
        return {
          status: 'unchanged',
          summary: `${userName} was already denied through ${set.name}; provisioned again`,
        };
      // An earlier attempt of this step merged it: still this step's change, and still undone with it.
      return {
        status: 'changed',
        summary: `${userName} denied everything through permission set ${set.name} (merged by an earlier attempt), provisioned again`,
        prior: { inlinePolicy: before.inlinePolicy },
        undo: {
          operation: 'sso:RestoreInlinePolicy',
          parameters: { permissionSet: set, document: before.inlinePolicy },
        },
        facts: { permissionSet: set.name, userId },
      };
    }
    const deny: PolicyStatement = {
      Sid: sid,
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { StringEquals: { 'identitystore:userId': userId } },
    };
    const merged: PolicyDocument = { Version: '2012-10-17', Statement: [...statements, deny] };
    if (policySize(merged) > PERMISSION_SET_INLINE_LIMIT) {
      throw new NotContainableError(`the inline policy of ${set.name} has no room for the deny`);
    }
    await center.putInlinePolicy(set, merged);
    const undo: Undo = {
      operation: 'sso:RestoreInlinePolicy',
      parameters: { permissionSet: set, document: prior ?? null },
    };
    try {
      await center.provision(set);
    } catch (error) {
      // The permission set holds the deny even though provisioning failed: a rollback must still restore it.
      throw withPartialUndo(error, [undo]);
    }
    return {
      status: 'changed',
      summary: `${userName} denied everything through permission set ${set.name} (scoped to the user, every session, old and new, until rolled back), provisioned again; also end the user's access-portal session and reset their password`,
      prior: { inlinePolicy: prior ?? null },
      undo,
      facts: { permissionSet: set.name, userId },
    };
  },
};
