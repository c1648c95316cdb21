import type { PolicyDocument, TrustPolicy } from '../../domain/policy-document.js';
import { evaluatePolicies, type RequestContext } from '../../domain/policy-evaluator.js';
import type { SandboxAccount } from './sandbox-account.js';
import type { CallVerdict, SandboxPrincipal, SimulatedCall } from './sandbox-model.js';

/** Who asks to assume a role: the ARNs that name it (a session's role among them) and its account. */
export interface Assumer {
  arns: readonly string[];
  accountId: string;
}

/** How a role's trust policy answers an assumer, and whether it named the assumer itself or only its account. */
export interface TrustDecision {
  effect: 'allow' | 'explicit-deny' | 'implicit-deny';
  /** An allow that names the assumer (or anyone) needs no permission of its own in the role's account. */
  namedDirectly: boolean;
  sid?: string;
}

type Statement = Record<string, unknown>;
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Whether a statement's Principal names the assumer: `directly` (it, or anyone), or by its account. */
function names(statement: Statement, assumer: Assumer): 'directly' | 'account' | undefined {
  const principal = statement.Principal;
  if (principal === '*') return 'directly';
  const aws = list((principal as { AWS?: unknown } | undefined)?.AWS).map(String);
  if (aws.includes('*') || aws.some((p) => assumer.arns.includes(p))) return 'directly';
  const account = [assumer.accountId, `arn:aws:iam::${assumer.accountId}:root`];
  return aws.some((p) => account.includes(p)) ? 'account' : undefined;
}

/** The statements that name the assumer, as identity statements (no Principal, any resource). */
function applying(trust: TrustPolicy, assumer: Assumer, only?: 'directly'): PolicyDocument {
  const statements = list(trust.Statement) as Statement[];
  return {
    Version: '2012-10-17',
    Statement: statements
      .filter((s) => !s.NotPrincipal && names(s, assumer) !== undefined)
      .filter((s) => !only || s.Effect === 'Deny' || names(s, assumer) === only)
      .map(({ Principal: _principal, ...rest }) => ({ ...rest, Resource: '*' }) as never),
  };
}

/**
 * A role's trust policy for one assumer, as STS evaluates it: a Deny naming the assumer, its account or anyone
 * wins; an Allow must name it too. An Allow that names only the assumer's account leaves the decision to that
 * account's own policies (the caller's identity policy must allow `sts:AssumeRole` as well).
 */
export function trustDecision(
  trust: TrustPolicy | undefined,
  assumer: Assumer,
  action: string,
  context: RequestContext,
): TrustDecision {
  if (!trust) return { effect: 'implicit-deny', namedDirectly: false };
  const request = { action, resource: '*', context };
  const decision = evaluatePolicies(
    [{ name: 'the trust policy', document: applying(trust, assumer) }],
    request,
  );
  if (decision.effect === 'explicit-deny')
    return { effect: decision.effect, namedDirectly: false, ...(decision.sid ? { sid: decision.sid } : {}) };
  if (decision.effect === 'implicit-deny') return { effect: decision.effect, namedDirectly: false };
  const direct = evaluatePolicies(
    [{ name: 'the trust policy', document: applying(trust, assumer, 'directly') }],
    request,
  );
  return { effect: 'allow', namedDirectly: direct.effect === 'allow' };
}

/** The role of this account a call asks to assume, if it is one. */
export function roleToAssume(account: SandboxAccount, call: SimulatedCall): SandboxPrincipal | undefined {
  if (call.action.toLowerCase() !== 'sts:assumerole' || !call.resource) return undefined;
  const [, , , , owner, resource = ''] = call.resource.split(':');
  return owner === account.id ? account.roles.get(resource.split('/').at(-1) ?? '') : undefined;
}

/** The policy an allow names when the trust policy named the assumer itself (no identity policy needed). */
export const TRUST_NAMES_ASSUMER = 'the trust policy (naming the assumer)';

/**
 * How the role's trust policy answers: a deny in it wins, an allow that names the assumer suffices, an allow that
 * names only the assumer's account leaves the decision to its identity policies (`policy` tells the two apart).
 */
export function assumeRoleVerdict(
  role: SandboxPrincipal,
  assumer: Assumer,
  call: SimulatedCall,
  context: RequestContext,
): CallVerdict {
  const trust = trustDecision(role.trustPolicy, assumer, call.action, context);
  const who = assumer.arns[0] ?? '';
  if (trust.effect === 'explicit-deny')
    return {
      outcome: 'explicit-deny',
      code: 'AccessDenied',
      reason: `${who} is not authorized to perform: ${call.action} on ${role.arn} with an explicit deny in its trust policy${trust.sid ? ` (${trust.sid})` : ''}`,
      policy: `the trust policy of ${role.name}`,
    };
  if (trust.effect === 'implicit-deny')
    return {
      outcome: 'implicit-deny',
      code: 'AccessDenied',
      reason: `${who} is not authorized to perform: ${call.action} on ${role.arn}: its trust policy does not name it`,
    };
  return {
    outcome: 'allowed',
    code: 'Success',
    reason: `allowed by the trust policy of ${role.name}`,
    policy: trust.namedDirectly ? TRUST_NAMES_ASSUMER : 'the trust policy (naming the account)',
  };
}

/**
 * A call signed with a key of another account's principal: in this account only a resource policy can grant it
 * anything, and the sandbox models one for it, a role's trust policy (its own account is taken to allow the call).
 */
export function outsiderCall(
  account: SandboxAccount,
  outsider: { arn: string; accountId: string },
  call: SimulatedCall,
  base: RequestContext,
): CallVerdict {
  const role = roleToAssume(account, call);
  if (!role)
    return {
      outcome: 'implicit-deny',
      code: 'AccessDenied',
      reason: `${outsider.arn} is not authorized to perform: ${call.action} in account ${account.id} (no resource policy grants it)`,
      principalArn: outsider.arn,
    };
  const context = { ...base, 'aws:PrincipalArn': outsider.arn, 'aws:PrincipalAccount': outsider.accountId };
  const verdict = assumeRoleVerdict(
    role,
    { arns: [outsider.arn], accountId: outsider.accountId },
    call,
    context,
  );
  return { ...verdict, principalArn: outsider.arn };
}
