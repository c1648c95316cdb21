import type { PolicyDocument } from '../../domain/policy-document.js';
import {
  evaluatePolicies,
  type RequestContext,
  resourceStatementsFor,
} from '../../domain/policy-evaluator.js';
import { impliedResource } from './call-effects.js';
import { assumeRoleVerdict, outsiderCall, roleToAssume, TRUST_NAMES_ASSUMER } from './role-trust.js';
import type { SandboxAccount, SandboxPrincipal } from './sandbox-account.js';
import type { CallVerdict, SimulatedCall } from './sandbox-model.js';
import { instanceCredentialContext } from './sandbox-network.js';
import { userSessionCall } from './user-session-call.js';

export type { CallVerdict, SimulatedCall } from './sandbox-model.js';

/** A principal's identity policies: its inline ones and the documents of the managed ones attached. */
export function policiesOf(
  account: SandboxAccount,
  principal: SandboxPrincipal,
): { name: string; document: PolicyDocument }[] {
  const inline = [...principal.inlinePolicies].map(([name, document]) => ({ name, document }));
  const managed = principal.managedPolicies.flatMap((arn) => {
    const document = account.managedPolicy(arn);
    return document ? [{ name: arn, document }] : [];
  });
  return [...inline, ...managed];
}

/**
 * The statements of the called secret's resource policy that apply to the caller. Same account, so an allow in
 * either kind of policy suffices and an explicit deny in either wins: they are evaluated together.
 */
function resourcePolicies(
  account: SandboxAccount,
  principalArn: string,
  call: SimulatedCall,
): { name: string; document: PolicyDocument }[] {
  const resource = call.resource;
  if (!resource || !call.action.toLowerCase().startsWith('secretsmanager:')) return [];
  const secret = [...account.secrets.values()].find(
    (s) => s.arn === resource || s.name === resource || resource.startsWith(s.arn.slice(0, -7)),
  );
  if (!secret?.resourcePolicy) return [];
  const statements = resourceStatementsFor(secret.resourcePolicy, principalArn, account.id);
  return statements.length > 0
    ? [
        {
          name: `${RESOURCE_POLICY} of ${secret.name}`,
          document: { Version: '2012-10-17', Statement: statements },
        },
      ]
    : [];
}

const RESOURCE_POLICY = 'the resource policy';

/**
 * How the caller's policies decide: its identity policies with the resource's, and, for a federated user's session,
 * also the session policy (null: none was passed, and the session may do nothing) — both must allow.
 */
function decide(
  account: SandboxAccount,
  principal: SandboxPrincipal,
  call: SimulatedCall,
  context: RequestContext,
  who: string = principal.arn,
  sessionPolicy?: PolicyDocument | null,
): CallVerdict {
  const guardrail = scpDeny(account, call, context, who);
  if (guardrail) return guardrail;
  if (call.action.toLowerCase() === 'sts:getcalleridentity') {
    // AWS answers GetCallerIdentity for any valid credential, even under an explicit deny.
    return {
      outcome: 'allowed',
      code: 'Success',
      reason: 'sts:GetCallerIdentity needs no permission',
      principalArn: who,
    };
  }
  const request = { action: call.action, resource: call.resource ?? '*', context };
  const identity = evaluatePolicies(
    [...policiesOf(account, principal), ...resourcePolicies(account, who, call)],
    request,
  );
  // Assuming a role of the account: its trust policy decides too (an explicit deny in the caller's policies wins).
  const role = roleToAssume(account, call);
  if (role && identity.effect !== 'explicit-deny') {
    const trust = assumeRoleVerdict(
      role,
      { arns: [who, principal.arn], accountId: account.id },
      call,
      context,
    );
    // Refused by the trust, or allowed by a trust that names the caller itself: no identity policy needed.
    if (trust.outcome !== 'allowed' || trust.policy === TRUST_NAMES_ASSUMER)
      return { ...trust, principalArn: who };
  }
  const session =
    sessionPolicy === undefined
      ? undefined
      : sessionPolicy === null
        ? ({ effect: 'implicit-deny' } as const)
        : evaluatePolicies([{ name: 'the session policy', document: sessionPolicy }], request);
  const decision =
    identity.effect === 'explicit-deny' || !session
      ? identity
      : session.effect !== 'allow'
        ? session
        : identity;
  switch (decision.effect) {
    case 'allow':
      return {
        outcome: 'allowed',
        code: 'Success',
        reason: `allowed by ${decision.policy}`,
        principalArn: who,
        policy: decision.policy,
      };
    case 'explicit-deny':
      return {
        outcome: 'explicit-deny',
        code: 'AccessDenied',
        reason: `${who} is not authorized to perform: ${call.action} with an explicit deny in ${decision.policy?.startsWith(RESOURCE_POLICY) ? 'a resource-based' : decision.policy === 'the session policy' ? 'a session' : 'an identity-based'} policy (${decision.policy})`,
        principalArn: who,
        policy: decision.policy,
      };
    case 'implicit-deny':
      return {
        outcome: 'implicit-deny',
        code: 'AccessDenied',
        reason: `${who} is not authorized to perform: ${call.action} because no ${decision === session ? 'session' : 'identity-based'} policy allows it`,
        principalArn: who,
      };
  }
}

/** An explicit deny by a service control policy of the account, which no identity or resource policy overrides. */
function scpDeny(
  account: SandboxAccount,
  call: SimulatedCall,
  context: RequestContext,
  who: string,
): CallVerdict | undefined {
  const scps = account.serviceControlPolicies();
  if (scps.length === 0) return undefined;
  const decision = evaluatePolicies(scps, { action: call.action, resource: call.resource ?? '*', context });
  if (decision.effect !== 'explicit-deny') return undefined;
  return {
    outcome: 'explicit-deny',
    code: 'AccessDenied',
    reason: `${who} is not authorized to perform: ${call.action} with an explicit deny in a service control policy (${decision.policy})`,
    principalArn: who,
    ...(decision.policy ? { policy: decision.policy } : {}),
  };
}

/** A call signed with the root user's access key: only SCPs restrict the root of a member account. */
function rootCall(account: SandboxAccount, call: SimulatedCall, base: RequestContext): CallVerdict {
  const who = `arn:aws:iam::${account.id}:root`;
  if (!account.rootCredentials()?.accessKeyIds.includes(call.accessKeyId))
    return {
      outcome: 'invalid-token',
      code: 'InvalidClientTokenId',
      reason: `the security token included in the request is invalid (the root access key ${call.accessKeyId} was deleted)`,
      principalArn: who,
    };
  const context = { ...base, 'aws:PrincipalArn': who, 'aws:PrincipalType': 'Account' };
  return (
    scpDeny(account, call, context, who) ?? {
      outcome: 'allowed',
      code: 'Success',
      reason: "the root user may do anything the account's SCPs do not deny",
      principalArn: who,
    }
  );
}

/**
 * Answers whether a call would go through, as AWS decides it: a long-term key must exist and be Active
 * (an inactive key fails as an invalid token, before any policy); a session must be unexpired and is then
 * checked against the holder's policies with `aws:TokenIssueTime` in the context (it exists only for sessions).
 */
export function simulateCall(account: SandboxAccount, asked: SimulatedCall, at: Date): CallVerdict {
  const resource = impliedResource(account, asked);
  const call = resource ? { ...asked, resource } : asked;
  const base: RequestContext = {
    'aws:CurrentTime': at.toISOString(),
    'aws:ViaAWSService': 'false',
    ...(call.sourceVpc
      ? { 'aws:SourceVpc': call.sourceVpc, 'aws:VpcSourceIp': call.vpcSourceIp }
      : { 'aws:SourceIp': call.sourceIp }),
  };
  if (account.isRootKey(call.accessKeyId)) return rootCall(account, call, base);
  const outsider = account.findOutsider(call.accessKeyId);
  if (outsider) return outsiderCall(account, outsider, call, base);
  const key = account.findAccessKey(call.accessKeyId);
  if (key) {
    if (key.key.status !== 'Active') {
      return {
        outcome: 'invalid-token',
        code: 'InvalidClientTokenId',
        reason: `the security token included in the request is invalid (access key ${call.accessKeyId} is Inactive)`,
        principalArn: key.user.arn,
      };
    }
    // No permission is needed to get a session token, and no policy can refuse it (IAM User Guide, "Permissions
    // for GetSessionToken"): only the key itself going inactive stops a leaked key minting sessions.
    if (call.action.toLowerCase() === 'sts:getsessiontoken')
      return {
        outcome: 'allowed',
        code: 'Success',
        reason: 'sts:GetSessionToken needs no permission, and no policy can deny it',
        principalArn: key.user.arn,
      };
    return decide(account, key.user, call, {
      ...base,
      'aws:PrincipalArn': key.user.arn,
      'aws:username': key.user.name,
      'aws:userid': key.user.id,
      'aws:PrincipalType': 'User',
    });
  }
  const held = account.findSession(call.accessKeyId);
  if (!held) {
    return {
      outcome: 'invalid-token',
      code: 'InvalidClientTokenId',
      reason: `no credential ${call.accessKeyId} exists in the account`,
    };
  }
  const { principal, session } = held;
  if (session.expiresAt && Date.parse(session.expiresAt) <= at.getTime()) {
    return {
      outcome: 'expired-token',
      code: 'ExpiredToken',
      reason: 'the security token included in the request is expired',
      principalArn: principal.arn,
    };
  }
  if (principal.kind === 'user') return userSessionCall(account, principal, session, call, base, decide);
  return decide(account, principal, call, {
    ...base,
    'aws:TokenIssueTime': session.issuedAt,
    'aws:PrincipalArn': principal.arn,
    'aws:userid': `${principal.id}:${session.sessionName ?? 'session'}`,
    'aws:PrincipalType': 'AssumedRole',
    ...(session.identityStoreUserId ? { 'identitystore:UserId': session.identityStoreUserId } : {}),
    ...instanceCredentialContext(account, principal.name, session.sessionName),
  });
}
