import { AccessDeniedError } from '../../domain/errors.js';
import type { PolicyDocument } from '../../domain/policy-document.js';
import { evaluatePolicies } from '../../domain/policy-evaluator.js';

/** The role Rekey acts as in an account, with its identity policies. */
export interface ActingRole {
  arn: string;
  policies: Array<{ name: string; document: PolicyDocument }>;
}

/** Refuses, with AWS's AccessDenied message, a call the role's identity policies do not allow. */
export function authorizeActingRole(
  role: ActingRole,
  accountId: string,
  action: string,
  resource: string,
): void {
  const decision = evaluatePolicies(role.policies, {
    action,
    resource,
    context: { 'aws:PrincipalArn': role.arn, 'aws:PrincipalAccount': accountId },
  });
  if (decision.effect === 'allow') return;
  const who = `arn:aws:sts::${accountId}:assumed-role/${role.arn.split('/').pop()}/rekey`;
  throw new AccessDeniedError(
    decision.effect === 'explicit-deny'
      ? `User: ${who} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in an identity-based policy`
      : `User: ${who} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
  );
}
