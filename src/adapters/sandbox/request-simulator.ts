import type { PolicyDocument } from '../../domain/policy-document.js';
import type { NamedPolicy, RequestContext } from '../../domain/policy-evaluator.js';
import { type AuthorizationInput, authorizeRequest } from '../../domain/request-authorization.js';
import { impliedResource } from './call-effects.js';
import { ANYTHING, verdictOf } from './call-verdict.js';
import { outsiderCall, roleToAssume, trustPolicyOf } from './role-trust.js';
import type { SandboxAccount, SandboxPrincipal } from './sandbox-account.js';
import { assumedRoleArn } from './sandbox-cloudtrail.js';
import type { CallVerdict, SimulatedCall } from './sandbox-model.js';
import { instanceCredentialContext } from './sandbox-network.js';
import { accountById } from './sandbox-world.js';
import { carriedSourceIdentity, sourceIdentityChange, withSetSourceIdentity } from './source-identity.js';
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
 * The resource policy the call meets, and the resource's account: the called secret's (in this account or another
 * of the drill's), or the trust policy of the role it assumes, which must allow it even within the account.
 */
function resourcePolicyOf(
  account: SandboxAccount,
  call: SimulatedCall,
): Pick<AuthorizationInput, 'resourcePolicy' | 'resourceAccountId' | 'resourcePolicyMustAllow'> {
  const target = roleToAssume(account, call);
  if (target)
    return {
      resourceAccountId: target.accountId,
      resourcePolicy: trustPolicyOf(target.role, call.resource ?? ''),
      resourcePolicyMustAllow: true,
    };
  const resource = call.resource;
  if (!resource || !call.action.toLowerCase().startsWith('secretsmanager:')) return {};
  const accountId = resource.startsWith('arn:') ? (resource.split(':')[4] ?? account.id) : account.id;
  const owner = accountById(account, accountId);
  const secret = [...(owner?.secrets.values() ?? [])].find(
    (s) => s.arn === resource || s.name === resource || resource.startsWith(s.arn.slice(0, -7)),
  );
  return {
    resourceAccountId: accountId,
    ...(secret?.resourcePolicy
      ? { resourcePolicy: { name: `the resource policy of ${secret.name}`, document: secret.resourcePolicy } }
      : {}),
  };
}

/** The principal's permissions boundary, if it has one. */
function boundaryOf(account: SandboxAccount, principal: SandboxPrincipal): NamedPolicy | undefined {
  const arn = principal.permissionsBoundary;
  const document = arn ? account.managedPolicy(arn) : undefined;
  return arn && document ? { name: arn, document } : undefined;
}

/**
 * How AWS decides the call (domain's authorizeRequest): the account's SCP levels, the called secret's resource
 * policy, the principal's identity policies and permissions boundary, and, for a federated user's session, its
 * session policy (null: none was passed, and the session may do nothing). Assuming a role (of this account or
 * another), the role's trust policy is the resource policy, and it must allow.
 */
function decide(
  account: SandboxAccount,
  principal: SandboxPrincipal,
  call: SimulatedCall,
  context: RequestContext,
  who: string = principal.arn,
  sessionPolicy?: PolicyDocument | null,
): CallVerdict {
  const input: AuthorizationInput = {
    principal: { arn: who, accountId: account.id },
    action: call.action,
    resource: call.resource ?? '*',
    context,
    identityPolicies: policiesOf(account, principal),
    serviceControlPolicies: account.serviceControlPolicies(),
    ...resourcePolicyOf(account, call),
  };
  const boundary = boundaryOf(account, principal);
  if (boundary) input.permissionsBoundary = boundary;
  if (sessionPolicy !== undefined)
    input.sessionPolicy = sessionPolicy && { name: 'the session policy', document: sessionPolicy };
  const guardrail = scpDeny(account, call, context, who);
  if (guardrail) return guardrail;
  // AWS answers GetCallerIdentity for any valid credential, even under an explicit deny.
  if (call.action.toLowerCase() === 'sts:getcalleridentity')
    return {
      outcome: 'allowed',
      code: 'Success',
      reason: 'sts:GetCallerIdentity needs no permission',
      principalArn: who,
    };
  const verdict = verdictOf(authorizeRequest(input), call, who);
  return withSetSourceIdentity(call, context, verdict, (set) =>
    decide(account, principal, set, context, who, sessionPolicy),
  );
}

/** An SCP's refusal of a call (explicit, or no allow at some level), which no other policy overrides. */
function scpDeny(
  account: SandboxAccount,
  call: SimulatedCall,
  context: RequestContext,
  who: string,
): CallVerdict | undefined {
  const decision = authorizeRequest({
    principal: { arn: who, accountId: account.id },
    action: call.action,
    resource: call.resource ?? '*',
    context,
    identityPolicies: [ANYTHING],
    serviceControlPolicies: account.serviceControlPolicies(),
  });
  return decision.effect === 'allow' ? undefined : verdictOf(decision, call, who);
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

/** The STS request parameters an AssumeRole call sets (as CloudTrail names them), as the condition keys trusts test. */
const STS_KEYS = {
  externalId: 'sts:ExternalId',
  roleSessionName: 'sts:RoleSessionName',
  sourceIdentity: 'sts:SourceIdentity',
};

/** The condition keys of an AssumeRole request: a vendor's trust requiring `sts:ExternalId` admits the call naming it. */
function stsRequestContext(call: SimulatedCall): RequestContext {
  if (!/^sts:assumerole/i.test(call.action)) return {};
  const parameters = call.parameters ?? {};
  return Object.fromEntries(
    Object.entries(STS_KEYS).flatMap(([parameter, key]) => {
      const value = parameters[parameter];
      return typeof value === 'string' ? [[key, value]] : [];
    }),
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
    ...stsRequestContext(call),
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
  const who = assumedRoleArn(account.id, principal.name, session.sessionName ?? 'session');
  return (
    sourceIdentityChange(session, call, who) ??
    decide(
      account,
      principal,
      call,
      {
        ...base,
        'aws:TokenIssueTime': session.issuedAt,
        'aws:PrincipalArn': principal.arn,
        'aws:userid': `${principal.id}:${session.sessionName ?? 'session'}`,
        'aws:PrincipalType': 'AssumedRole',
        ...(session.identityStoreUserId ? { 'identitystore:UserId': session.identityStoreUserId } : {}),
        ...instanceCredentialContext(account, principal.name, session.sessionName),
        ...carriedSourceIdentity(session, call),
      },
      who,
    )
  );
}
