import { AccessDeniedError } from '../../domain/errors.js';
import type { PolicyDocument } from '../../domain/policy-document.js';
import type { NamedPolicy } from '../../domain/policy-evaluator.js';
import { authorizeRequest } from '../../domain/request-authorization.js';

/** The role Rekey acts as in an account, with its identity policies. */
export interface ActingRole {
  arn: string;
  policies: Array<{ name: string; document: PolicyDocument }>;
}

const KIND = {
  'service-control': 'a service control policy',
  'identity-based': 'an identity-based policy',
  'resource-based': 'a resource-based policy',
  'permissions-boundary': 'a permissions boundary',
  session: 'a session policy',
} as const;

/**
 * Refuses, with AWS's AccessDenied message, a call IAM would refuse the role: its identity policies, under the SCPs
 * of the account (a member account's SCPs bind Rekey's role there as any other).
 */
export function authorizeActingRole(
  role: ActingRole,
  accountId: string,
  action: string,
  resource: string,
  serviceControlPolicies: ReadonlyArray<readonly NamedPolicy[]> = [],
  /** The request's own condition keys (iam:PolicyARN for an attach or detach). */
  requestContext: Readonly<Record<string, string>> = {},
): void {
  const who = `arn:aws:sts::${accountId}:assumed-role/${role.arn.split('/').pop()}/rekey`;
  const decision = authorizeRequest({
    principal: { arn: who, accountId },
    action,
    resource,
    context: { ...requestContext, 'aws:PrincipalArn': role.arn, 'aws:PrincipalAccount': accountId },
    identityPolicies: role.policies,
    serviceControlPolicies,
  });
  if (decision.effect === 'allow') return;
  throw new AccessDeniedError(
    decision.effect === 'explicit-deny'
      ? `User: ${who} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in ${KIND[decision.kind]}`
      : `User: ${who} is not authorized to perform: ${action} on resource: ${resource} because no ${KIND[decision.kind].replace(/^an? /, '')} allows the ${action} action`,
  );
}
