import type { NamedPolicy } from '../../domain/policy-evaluator.js';
import type { AuthorizationDecision } from '../../domain/request-authorization.js';
import type { CallVerdict, SimulatedCall } from './sandbox-model.js';

/** An identity policy that allows everything: a principal whose own policies the drill does not model, or root. */
export const ANYTHING: NamedPolicy = {
  name: 'anything',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

/** A verdict in AWS's words from IAM's decision. */
export function verdictOf(decision: AuthorizationDecision, call: SimulatedCall, who: string): CallVerdict {
  const { effect, kind, policy } = decision;
  if (effect === 'allow')
    return { outcome: 'allowed', code: 'Success', reason: `allowed by ${policy}`, principalArn: who, policy };
  if (effect === 'explicit-deny')
    return {
      outcome: 'explicit-deny',
      code: 'AccessDenied',
      reason: `${who} is not authorized to perform: ${call.action} with an explicit deny in ${kind === 'identity-based' ? 'an' : 'a'} ${kind === 'service-control' ? 'service control' : kind} policy (${policy})`,
      principalArn: who,
      policy,
    };
  const none = {
    'service-control': 'service control',
    'permissions-boundary': 'permissions boundary',
    session: 'session',
    'resource-based': 'resource-based',
  };
  return {
    outcome: 'implicit-deny',
    code: 'AccessDenied',
    reason: `${who} is not authorized to perform: ${call.action} because no ${kind in none ? none[kind as keyof typeof none] : 'identity-based'} policy allows it`,
    principalArn: who,
    ...(policy ? { policy } : {}),
  };
}
