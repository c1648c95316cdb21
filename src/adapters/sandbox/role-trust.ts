import type { NamedPolicy, RequestContext } from '../../domain/policy-evaluator.js';
import { authorizeRequest } from '../../domain/request-authorization.js';
import { ANYTHING, verdictOf } from './call-verdict.js';
import type { SandboxAccount } from './sandbox-account.js';
import type { CallVerdict, SandboxPrincipal, SimulatedCall } from './sandbox-model.js';
import { accountById } from './sandbox-world.js';
import { withSetSourceIdentity } from './source-identity.js';

/** The role a call asks to assume: its account's id, and the role and its account when the drill simulates them. */
export interface RoleToAssume {
  accountId: string;
  account?: SandboxAccount;
  role?: SandboxPrincipal;
}

/** The role an `sts:AssumeRole` call names (in this account or another of the drill's), if the call is one. */
export function roleToAssume(account: SandboxAccount, call: SimulatedCall): RoleToAssume | undefined {
  // sts:SetSourceIdentity is authorised as AssumeRole is, against the same trust policy.
  if (!/^sts:(assumerole|setsourceidentity)$/i.test(call.action) || !call.resource) return undefined;
  const [, , , , accountId = '', resource = ''] = call.resource.split(':');
  const owner = accountById(account, accountId);
  const role = owner?.roles.get(resource.split('/').at(-1) ?? '');
  return { accountId, ...(owner ? { account: owner } : {}), ...(role ? { role } : {}) };
}

/** A role's trust policy as the resource policy of AssumeRole: a role without one trusts nobody. */
export function trustPolicyOf(role: SandboxPrincipal | undefined, arn: string): NamedPolicy {
  return {
    name: `the trust policy of ${role?.name ?? arn}`,
    document: role?.trustPolicy ?? { Version: '2012-10-17', Statement: [] },
  };
}

/**
 * A call signed with a key of a principal of an account the drill does not simulate: its own account's policies are
 * unknown and taken to allow the call (its organisation's SCPs still bind it when it is a member), so in this account
 * only a resource policy can grant it anything, and the sandbox models one for it, a role's trust policy.
 */
export function outsiderCall(
  account: SandboxAccount,
  outsider: { arn: string; accountId: string },
  call: SimulatedCall,
  base: RequestContext,
): CallVerdict {
  const target = roleToAssume(account, call);
  const context = { ...base, 'aws:PrincipalArn': outsider.arn, 'aws:PrincipalAccount': outsider.accountId };
  const decide = (asked: SimulatedCall) =>
    verdictOf(
      authorizeRequest({
        principal: { arn: outsider.arn, accountId: outsider.accountId },
        action: asked.action,
        resource: asked.resource ?? '*',
        context,
        resourceAccountId: account.id,
        identityPolicies: [ANYTHING],
        serviceControlPolicies: account.organizations?.controlLevels(outsider.accountId) ?? [],
        ...(target
          ? {
              resourcePolicy: trustPolicyOf(target.role, asked.resource ?? ''),
              resourcePolicyMustAllow: true,
            }
          : {}),
      }),
      asked,
      outsider.arn,
    );
  return withSetSourceIdentity(call, context, decide(call), decide);
}
