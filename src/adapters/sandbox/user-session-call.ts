import type { PolicyDocument } from '../../domain/policy-document.js';
import type { RequestContext } from '../../domain/policy-evaluator.js';
import type { SandboxAccount } from './sandbox-account.js';
import { federatedUserArn } from './sandbox-cloudtrail.js';
import type { CallVerdict, SandboxPrincipal, SandboxSession, SimulatedCall } from './sandbox-model.js';

/** How the caller's policies decide a call (request-simulator's), for the session's principal. */
type Decide = (
  account: SandboxAccount,
  principal: SandboxPrincipal,
  call: SimulatedCall,
  context: RequestContext,
  who?: string,
  sessionPolicy?: PolicyDocument | null,
) => CallVerdict;

/** The STS calls a user's session may still make (AWS STS API reference, GetSessionToken and GetFederationToken). */
const STS_ALLOWED = {
  GetSessionToken: new Set(['sts:assumerole', 'sts:getcalleridentity']),
  GetFederationToken: new Set(['sts:getcalleridentity']),
} as const;

/**
 * A call signed with a user's temporary credentials, as AWS decides it. The user's own policies govern both kinds of
 * session (and a federated user's also its session policy: both must allow), with `aws:TokenIssueTime` in the
 * context, so a deny on the user reaches them. IAM refuses such credentials as an invalid token unless a
 * GetSessionToken session was authenticated with MFA (a federated user's never may), and STS takes from them only
 * AssumeRole (GetSessionToken's) and GetCallerIdentity.
 */
export function userSessionCall(
  account: SandboxAccount,
  user: SandboxPrincipal,
  session: SandboxSession,
  call: SimulatedCall,
  base: RequestContext,
  decide: Decide,
): CallVerdict {
  const federated = session.federatedName !== undefined;
  const via = federated ? 'GetFederationToken' : 'GetSessionToken';
  const who = federated ? federatedUserArn(account.id, session.federatedName as string) : user.arn;
  const action = call.action.toLowerCase();
  if (action.startsWith('iam:') && (federated || !session.mfaAuthenticated))
    return {
      outcome: 'invalid-token',
      code: 'InvalidClientTokenId',
      reason: `the security token included in the request is invalid (IAM takes no ${via} credentials${federated ? '' : ' without MFA'})`,
      principalArn: who,
    };
  if (action.startsWith('sts:') && !STS_ALLOWED[via].has(action))
    return {
      outcome: 'implicit-deny',
      code: 'AccessDenied',
      reason: `cannot call ${call.action} with session credentials (${via})`,
      principalArn: who,
    };
  const context: RequestContext = {
    ...base,
    'aws:TokenIssueTime': session.issuedAt,
    'aws:PrincipalArn': who,
    'aws:MultiFactorAuthPresent': String(session.mfaAuthenticated === true),
    ...(federated
      ? { 'aws:userid': `${account.id}:${session.federatedName}`, 'aws:PrincipalType': 'FederatedUser' }
      : { 'aws:username': user.name, 'aws:userid': user.id, 'aws:PrincipalType': 'User' }),
  };
  return federated
    ? decide(account, user, call, context, who, session.sessionPolicy ?? null)
    : decide(account, user, call, context);
}
