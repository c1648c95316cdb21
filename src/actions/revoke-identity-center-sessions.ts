import { createHash } from 'node:crypto';
import { revokeIdentityCenterSessions } from '../domain/actions.js';
import { iamTimestamp, tokenIssueCutoff } from '../domain/deny-policy.js';
import { NotContainableError } from '../domain/errors.js';
import { asList, type PolicyDocument, type PolicyStatement, policySize } from '../domain/policy-document.js';
import type { Action } from './action.js';

/** Identity Center's limit on a permission set's inline policy. */
export const PERMISSION_SET_INLINE_LIMIT = 32_768;

const permissionSetName = (roleName: string) =>
  roleName.match(/^AWSReservedSSO_(.+)_[0-9a-f]{16}$/)?.[1] ?? roleName;

/**
 * Identity Center's roles cannot be edited (UnmodifiableEntity), so the deny goes into the permission set's inline
 * policy. That call replaces the whole document: the deny is merged in and the prior document journaled. The deny
 * is scoped to the user (`identitystore:userId`), or it would cut off every user of the set in every account.
 * The set is then provisioned again, to every account it reaches.
 */
export const revokeIdentityCenterSessionsAction: Action<typeof revokeIdentityCenterSessions> = {
  descriptor: revokeIdentityCenterSessions,
  plan: (_parameters, { incidentId, clock }) => ({
    sid: `RekeyRevoke${createHash('sha256').update(incidentId).digest('hex').slice(0, 12)}`,
    issuedBefore: iamTimestamp(tokenIssueCutoff(clock.now())),
  }),
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
    const issuedBefore = String(plan.issuedBefore);
    if (statements.some((s) => s.Sid === sid)) {
      return {
        status: 'unchanged',
        summary: `${userName}'s sessions were already denied through ${set.name}`,
      };
    }
    const deny: PolicyStatement = {
      Sid: sid,
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: {
        StringEquals: { 'identitystore:userId': userId },
        DateLessThan: { 'aws:TokenIssueTime': issuedBefore },
      },
    };
    const merged: PolicyDocument = { Version: '2012-10-17', Statement: [...statements, deny] };
    if (policySize(merged) > PERMISSION_SET_INLINE_LIMIT) {
      throw new NotContainableError(`the inline policy of ${set.name} has no room for the deny`);
    }
    await center.putInlinePolicy(set, merged);
    await center.provision(set);
    return {
      status: 'changed',
      summary: `${userName}'s sessions issued before ${issuedBefore} denied in permission set ${set.name} (scoped to the user), provisioned again`,
      prior: { inlinePolicy: prior ?? null },
      undo: {
        operation: 'sso:RestoreInlinePolicy',
        parameters: { permissionSet: set, document: prior ?? null },
      },
      facts: { permissionSet: set.name, userId, tokenIssuedBefore: issuedBefore },
    };
  },
};
