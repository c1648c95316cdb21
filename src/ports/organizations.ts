import type { PolicyDocument } from '../domain/policy-document.js';

/** AWS Organizations as Rekey uses it, through the management-account (or delegated administrator) role. */
export interface Organizations {
  /** The management account: its root can only be escalated (SCPs do not apply to it). */
  managementAccountId(): Promise<string>;
  /** The SCPs attached directly to an account, by name. */
  attachedPolicies(accountId: string): Promise<Array<{ policyId: string; name: string }>>;
  /** Creates a service control policy and returns its id. */
  createServiceControlPolicy(name: string, document: PolicyDocument, description: string): Promise<string>;
  attachPolicy(policyId: string, accountId: string): Promise<void>;
  detachPolicy(policyId: string, accountId: string): Promise<void>;
  deletePolicy(policyId: string): Promise<void>;
}
