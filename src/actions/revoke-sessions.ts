import { revokeSessions } from '../domain/actions.js';
import { plannedCutoff, revokeSessionsPolicy, revokeSessionsPolicyName } from '../domain/deny-policy.js';
import type { Action } from './action.js';
import { type DenyBefore, observeDeny, placeDeny } from './deny-placement.js';
import { containable } from './guard.js';

/**
 * Denies everything to a user's or role's sessions issued before the cut-off (`aws:TokenIssueTime`, which exists
 * only on requests signed with temporary credentials). It runs alongside the key's deactivation, so the cut-off is
 * planned seconds ahead (CHANGE_PROPAGATION_MS): a session minted while the deactivation takes effect is denied; a
 * retry reuses the journaled plan, unless the deactivation runs again. A role's deny hits every user of the role, and is
 * undone the moment the attacker assumes the role again: its source must be contained too.
 */
export const revokeSessionsAction: Action<typeof revokeSessions> = {
  descriptor: revokeSessions,
  plan: (_parameters, { incidentId, clock }) => ({
    policyName: revokeSessionsPolicyName(incidentId),
    issuedBefore: plannedCutoff(clock.now()),
  }),
  independentObservation: true,
  runsAlongside: true,
  observe: async ({ principal }, plan, context) => ({
    deny: await observeDeny(principal, String(plan.policyName), context),
  }),
  async calls({ principal }, _plan, context) {
    const target = await containable(principal, context);
    const put = principal.kind === 'user' ? 'iam:PutUserPolicy' : 'iam:PutRolePolicy';
    return [{ operation: put, resource: target.arn }];
  },
  async apply({ principal }, plan, context) {
    const target = await containable(principal, context);
    const issuedBefore = String(plan.issuedBefore);
    const placed = await placeDeny(
      target,
      String(plan.policyName),
      revokeSessionsPolicy(new Date(issuedBefore)),
      context,
      (plan.before as { deny?: DenyBefore } | undefined)?.deny,
    );
    const where =
      placed.placement === 'inline' ? 'inline policy' : 'managed policy (the inline quota is full)';
    return {
      ...placed,
      summary:
        placed.status === 'unchanged'
          ? `${target.name}'s sessions issued before ${issuedBefore} were already denied`
          : `${target.name}'s sessions issued before ${issuedBefore} denied by ${where} ${String(plan.policyName)}`,
      facts: { ...placed.facts, tokenIssuedBefore: issuedBefore },
    };
  },
};
