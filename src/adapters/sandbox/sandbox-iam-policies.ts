import { ConflictError, NotFoundError, PolicyQuotaExceededError } from '../../domain/errors.js';
import {
  type PolicyDocument,
  PolicyDocumentSchema,
  policySize,
  type TrustPolicy,
  TrustPolicySchema,
} from '../../domain/policy-document.js';
import { IAM_QUOTAS, type SandboxPrincipal } from './sandbox-model.js';
import { refuseReserved } from './sandbox-principals.js';

/** What IAM's policy calls change: the account's principals and its customer managed policies. */
export interface PolicyStore {
  readonly users: Map<string, SandboxPrincipal>;
  readonly roles: Map<string, SandboxPrincipal>;
  readonly customerPolicies: Map<string, PolicyDocument>;
  managedPolicy(arn: string): PolicyDocument | undefined;
}

/** Puts an inline policy, enforcing IAM's per-principal size quota (LimitExceeded as PolicyQuotaExceededError). */
export function putInlinePolicy(
  principal: SandboxPrincipal,
  policyName: string,
  document: PolicyDocument,
): void {
  refuseReserved(principal);
  const parsed = PolicyDocumentSchema.parse(document);
  const quota = IAM_QUOTAS.inline[principal.kind];
  const others = [...principal.inlinePolicies].filter(([name]) => name !== policyName);
  const total = others.reduce((sum, [, doc]) => sum + policySize(doc), policySize(parsed));
  if (total > quota) {
    throw new PolicyQuotaExceededError(
      `Maximum policy size of ${quota} bytes exceeded for ${principal.kind} ${principal.name} (would be ${total}).`,
    );
  }
  principal.inlinePolicies.set(policyName, parsed);
}

/** Replaces a role's trust policy, as iam:UpdateAssumeRolePolicy does (AWS's own roles refuse it). */
export function setTrustPolicy(role: SandboxPrincipal, document: TrustPolicy): void {
  refuseReserved(role);
  role.trustPolicy = TrustPolicySchema.parse(document);
}

/** Attaches a managed policy, as IAM does: idempotent, NoSuchEntity for an unknown policy, LimitExceeded past the quota. */
export function attachPolicy(store: PolicyStore, principal: SandboxPrincipal, policyArn: string): void {
  refuseReserved(principal);
  if (!store.managedPolicy(policyArn))
    throw new NotFoundError(`Policy ${policyArn} does not exist or is not attachable.`);
  if (principal.managedPolicies.includes(policyArn)) return;
  if (principal.managedPolicies.length >= IAM_QUOTAS.attachedManagedPolicies) {
    throw new PolicyQuotaExceededError(
      `Cannot exceed quota for PoliciesPerUser/Role: ${IAM_QUOTAS.attachedManagedPolicies} (${principal.kind} ${principal.name}).`,
    );
  }
  principal.managedPolicies.push(policyArn);
}

/** Creates a customer managed policy; EntityAlreadyExists and the 6,144-character size quota as IAM has them. */
export function createPolicy(
  store: PolicyStore,
  arn: string,
  name: string,
  document: PolicyDocument,
): string {
  if (store.customerPolicies.has(arn)) throw new ConflictError(`A policy called ${name} already exists.`);
  const parsed = PolicyDocumentSchema.parse(document);
  if (policySize(parsed) > IAM_QUOTAS.managedPolicySize) {
    throw new PolicyQuotaExceededError(`Cannot exceed quota for PolicySize: ${IAM_QUOTAS.managedPolicySize}`);
  }
  store.customerPolicies.set(arn, parsed);
  return arn;
}

/** Deletes a customer managed policy; DeleteConflict while it is attached. */
export function deletePolicy(store: PolicyStore, arn: string): void {
  if (!store.customerPolicies.has(arn)) throw new NotFoundError(`Policy ${arn} was not found.`);
  const attached = [...store.users.values(), ...store.roles.values()].some((p) =>
    p.managedPolicies.includes(arn),
  );
  if (attached) throw new ConflictError('Cannot delete a policy attached to entities.');
  store.customerPolicies.delete(arn);
}
