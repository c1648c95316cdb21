import type { RequestContext } from '../../domain/policy-evaluator.js';
import type { CallVerdict, SandboxSession, SimulatedCall } from './sandbox-model.js';

const assumesRole = (call: SimulatedCall) => call.action.toLowerCase() === 'sts:assumerole';

/**
 * The source identity keys of a request signed with a role session that carries one (IAM User Guide, "Monitor and
 * control actions taken with assumed roles"): `aws:SourceIdentity` on every request, and on an AssumeRole, which
 * passes the value on to the next role, `sts:SourceIdentity` as well.
 */
export function carriedSourceIdentity(session: SandboxSession, call: SimulatedCall): RequestContext {
  const value = session.sourceIdentity;
  if (!value) return {};
  return { 'aws:SourceIdentity': value, ...(assumesRole(call) ? { 'sts:SourceIdentity': value } : {}) };
}

/** AWS's refusal of an AssumeRole asking for a source identity other than the one its session carries: it cannot change. */
export function sourceIdentityChange(
  session: SandboxSession,
  call: SimulatedCall,
  who: string,
): CallVerdict | undefined {
  const asked = call.parameters?.sourceIdentity;
  if (!session.sourceIdentity || !assumesRole(call) || typeof asked !== 'string') return undefined;
  if (asked === session.sourceIdentity) return undefined;
  return {
    outcome: 'implicit-deny',
    code: 'AccessDenied',
    reason: `${who} is not authorized to perform: sts:SetSourceIdentity: the session's source identity ${session.sourceIdentity} cannot be changed to ${asked}`,
    principalArn: who,
  };
}

/**
 * An AssumeRole allowed by every policy that sets a source identity, or carries one from the calling session, must
 * also be allowed `sts:SetSourceIdentity` (by the role's trust policy and the caller's policies, as AssumeRole is):
 * else AWS refuses the whole call.
 */
export function withSetSourceIdentity(
  call: SimulatedCall,
  context: RequestContext,
  verdict: CallVerdict,
  decide: (call: SimulatedCall) => CallVerdict,
): CallVerdict {
  if (verdict.outcome !== 'allowed' || !assumesRole(call) || context['sts:SourceIdentity'] === undefined)
    return verdict;
  const set = decide({ ...call, action: 'sts:SetSourceIdentity' });
  return set.outcome === 'allowed' ? verdict : set;
}

/** A session's `userIdentity` as CloudTrail writes it: a source identity, if the session has one, in `sessionContext`. */
export function withSourceIdentity(
  identity: Record<string, unknown>,
  session: SandboxSession,
): Record<string, unknown> {
  if (!session.sourceIdentity) return identity;
  const context = identity.sessionContext as Record<string, unknown> | undefined;
  return { ...identity, sessionContext: { ...context, sourceIdentity: session.sourceIdentity } };
}
