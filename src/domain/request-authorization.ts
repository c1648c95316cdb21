import { statementsOf } from './policy-document.js';
import {
  evaluatePolicies,
  type NamedPolicy,
  type PolicyDecision,
  type PolicyRequest,
  statementApplies,
  statementPrincipal,
} from './policy-evaluator.js';
import type { RequestPrincipal } from './principal-match.js';

/** The kinds of policy IAM evaluates for a request, named as its AccessDenied messages name them. */
export type PolicyKind =
  | 'service-control'
  | 'resource-based'
  | 'identity-based'
  | 'permissions-boundary'
  | 'session';

/** Everything that decides one request: who, what, on what, in what context, and every policy in play. */
export interface AuthorizationInput {
  principal: RequestPrincipal;
  action: string;
  resource: string;
  context: PolicyRequest['context'];
  /** The resource's account; the principal's own when not given. */
  resourceAccountId?: string;
  identityPolicies: readonly NamedPolicy[];
  /** The SCPs of each level of the organisation (root first, the account last): every level must allow. */
  serviceControlPolicies?: ReadonlyArray<readonly NamedPolicy[]>;
  resourcePolicy?: NamedPolicy;
  /**
   * The resource policy is a role's trust policy and the request assumes the role: it must allow (naming the caller,
   * or its account and the caller's own policies allow), even within the account (IAM User Guide, "Role trust").
   */
  resourcePolicyMustAllow?: boolean;
  permissionsBoundary?: NamedPolicy;
  /** A session's policy: null for a session given none, which may then do nothing. */
  sessionPolicy?: NamedPolicy | null;
}

/** IAM's answer, with the kind of policy (and the policy) that decided it. */
export type AuthorizationDecision =
  | { effect: 'allow'; kind: PolicyKind; policy: string }
  | { effect: 'explicit-deny'; kind: PolicyKind; policy: string; sid?: string }
  | { effect: 'implicit-deny'; kind: PolicyKind; policy?: string };

type ResourceResult =
  | { effect: 'explicit-deny'; policy: string; sid?: string }
  | { effect: 'allow'; direct: boolean; exact: boolean; policy: string }
  | { effect: 'none' };

/** A resource policy's answer: a Deny naming the principal (or its account) wins; an Allow naming it directly grants. */
function evaluateResourcePolicy(input: AuthorizationInput, request: PolicyRequest): ResourceResult {
  const policy = input.resourcePolicy;
  if (!policy) return { effect: 'none' };
  let allow: ResourceResult = { effect: 'none' };
  for (const statement of statementsOf(policy.document)) {
    let named = statementPrincipal(statement, request);
    // With a permissions boundary, a NotPrincipal Deny applies whoever is named (IAM User Guide, NotPrincipal).
    if (input.permissionsBoundary && statement.NotPrincipal && statement.Effect === 'Deny') named = 'match';
    if (named === 'none' || !statementApplies(statement, request)) continue;
    if (statement.Effect === 'Deny')
      return {
        effect: 'explicit-deny',
        policy: policy.name,
        ...(statement.Sid ? { sid: statement.Sid } : {}),
      };
    allow = {
      effect: 'allow',
      direct: named !== 'account' || (allow.effect === 'allow' && allow.direct),
      exact: named === 'match' || (allow.effect === 'allow' && allow.exact),
      policy: policy.name,
    };
  }
  return allow;
}

/** The SCPs' answer: an explicit deny at any level, else every level must allow. */
function evaluateServiceControl(
  input: AuthorizationInput,
  request: PolicyRequest,
): PolicyDecision | undefined {
  let refused: PolicyDecision | undefined;
  for (const level of input.serviceControlPolicies ?? []) {
    const decision = evaluatePolicies(level, request);
    if (decision.effect === 'explicit-deny') return decision;
    if (decision.effect === 'implicit-deny') refused ??= decision;
  }
  return refused;
}

const explicit = (kind: PolicyKind, d: { policy: string; sid?: string }): AuthorizationDecision => ({
  effect: 'explicit-deny',
  kind,
  policy: d.policy,
  ...(d.sid ? { sid: d.sid } : {}),
});

/**
 * IAM's policy evaluation logic for one request (IAM User Guide, "Policy evaluation logic"): an explicit deny in any
 * policy wins; SCPs must allow at every level; within an account an allow in the identity or the resource policy
 * suffices, across accounts both must allow; a permissions boundary and a session policy must allow as well, except
 * that a resource policy naming the user or session itself is not limited by the boundary.
 */
export function authorizeRequest(input: AuthorizationInput): AuthorizationDecision {
  const request: PolicyRequest = {
    action: input.action,
    resource: input.resource,
    context: input.context,
    principal: input.principal,
  };
  const scp = evaluateServiceControl(input, request);
  const resource = evaluateResourcePolicy(input, request);
  const identity = evaluatePolicies(input.identityPolicies, request);
  const boundary = input.permissionsBoundary && evaluatePolicies([input.permissionsBoundary], request);
  const session =
    input.sessionPolicy === undefined
      ? undefined
      : input.sessionPolicy === null
        ? ({ effect: 'implicit-deny' } as const)
        : evaluatePolicies([input.sessionPolicy], request);

  if (scp?.effect === 'explicit-deny') return explicit('service-control', scp);
  if (resource.effect === 'explicit-deny') return explicit('resource-based', resource);
  if (identity.effect === 'explicit-deny') return explicit('identity-based', identity);
  if (boundary?.effect === 'explicit-deny') return explicit('permissions-boundary', boundary);
  if (session?.effect === 'explicit-deny') return explicit('session', session);

  if (scp) return { effect: 'implicit-deny', kind: 'service-control' };
  if (input.resourcePolicyMustAllow && resource.effect !== 'allow')
    return {
      effect: 'implicit-deny',
      kind: 'resource-based',
      ...(input.resourcePolicy ? { policy: input.resourcePolicy.name } : {}),
    };
  if (session && session.effect !== 'allow') return { effect: 'implicit-deny', kind: 'session' };
  const sameAccount = (input.resourceAccountId ?? input.principal.accountId) === input.principal.accountId;
  const byResource = resource.effect === 'allow' && (resource.direct || !sameAccount);
  const allowed = sameAccount
    ? byResource || identity.effect === 'allow'
    : resource.effect === 'allow' && identity.effect === 'allow';
  if (!allowed) return { effect: 'implicit-deny', kind: 'identity-based' };
  if (
    boundary &&
    boundary.effect !== 'allow' &&
    !(sameAccount && resource.effect === 'allow' && resource.exact)
  )
    return { effect: 'implicit-deny', kind: 'permissions-boundary', policy: input.permissionsBoundary?.name };
  if (identity.effect === 'allow' && (!byResource || !sameAccount))
    return { effect: 'allow', kind: 'identity-based', policy: identity.policy };
  return {
    effect: 'allow',
    kind: 'resource-based',
    policy: resource.effect === 'allow' ? resource.policy : '',
  };
}
