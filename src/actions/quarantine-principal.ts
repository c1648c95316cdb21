import { quarantinePrincipal } from '../domain/actions.js';
import type { PolicyDocument } from '../domain/policy-document.js';
import type { Action } from './action.js';
import { type DenyBefore, observeDeny, placeDeny } from './deny-placement.js';
import { containable } from './guard.js';

/** The Sid of Rekey's full deny. */
export const QUARANTINE_SID = 'RekeyQuarantine';

/** Rekey's full deny of a user or role. */
export const QUARANTINE_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: QUARANTINE_SID, Effect: 'Deny', Action: '*', Resource: '*' }],
};

/**
 * A full deny for a user or role, whatever credential signs the request, for the cases that call for a freeze.
 * AWS's own quarantine policies (AWSCompromisedKeyQuarantine*) are left in place.
 */
export const quarantinePrincipalAction: Action<typeof quarantinePrincipal> = {
  descriptor: quarantinePrincipal,
  plan: (_parameters, { incidentId }) => ({ policyName: `rekey-quarantine-${incidentId}` }),
  observe: async ({ principal }, plan, context) => ({
    deny: await observeDeny(principal, String(plan.policyName), context),
  }),
  async calls({ principal }, _plan, context) {
    const target = await containable(principal, context);
    return [
      {
        operation: principal.kind === 'user' ? 'iam:PutUserPolicy' : 'iam:PutRolePolicy',
        resource: target.arn,
      },
    ];
  },
  async apply({ principal }, plan, context) {
    const target = await containable(principal, context);
    const placed = await placeDeny(
      target,
      String(plan.policyName),
      QUARANTINE_POLICY,
      context,
      (plan.before as { deny?: DenyBefore } | undefined)?.deny,
    );
    return {
      ...placed,
      summary:
        placed.status === 'unchanged'
          ? `${target.name} was already quarantined`
          : `${target.name} quarantined: every action denied by ${placed.placement} policy ${String(plan.policyName)}`,
    };
  },
};
