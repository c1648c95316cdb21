import type { PolicyDocument } from '../domain/policy-document.js';

/** AWS Organizations as Rekey uses it, through the management-account (or delegated administrator) role. */
export interface Organizations {
  /** The management account: its root can only be escalated (SCPs do not apply to it). */
  managementAccountId(): Promise<string>;
  /** The SCPs attached directly to an account, by name. */
  attachedPolicies(accountId: string): Promise<Array<{ policyId: string; name: string }>>;
  /** The id of the service control policy with this name, wherever it is attached (or nowhere). */
  findPolicy(name: string): Promise<string | undefined>;
  /** Creates a service control policy and returns its id. */
  createServiceControlPolicy(name: string, document: PolicyDocument, description: string): Promise<string>;
  /** Attaches a policy to an account; PolicyQuotaExceededError when the account already has the most SCPs (5). */
  attachPolicy(policyId: string, accountId: string): Promise<void>;
  detachPolicy(policyId: string, accountId: string): Promise<void>;
  deletePolicy(policyId: string): Promise<void>;
}
