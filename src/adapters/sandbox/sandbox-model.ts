import type { PolicyDocument } from '../../domain/policy-document.js';
import type { AccessKeyStatus, IamPrincipalRef } from '../../ports/identity.js';

/** IAM's quotas, as documented: inline policy characters per principal, managed policies per principal, policy size. */
export const IAM_QUOTAS = {
  inline: { user: 2048, role: 10240 },
  attachedManagedPolicies: 10,
  managedPolicySize: 6144,
} as const;

/** IAM's quota on the total size of a principal's inline policies (whitespace not counted). */
export const INLINE_POLICY_QUOTA = IAM_QUOTAS.inline;

/** A long-term key in the sandbox, with the time its status last changed. */
export interface SandboxAccessKey {
  id: string;
  status: AccessKeyStatus;
  createdAt: string;
  statusChangedAt?: string;
  lastUsed?: { at: string; service: string; region: string };
}

/** Temporary credentials held by a sandbox principal. */
export interface SandboxSession {
  id: string;
  issuedAt: string;
  expiresAt?: string;
  issuedBy?: string;
  sessionName?: string;
  identityStoreUserId?: string;
}

/** A user or a role of the sandbox account. */
export interface SandboxPrincipal {
  kind: 'user' | 'role';
  name: string;
  path: string;
  arn: string;
  id: string;
  tags: Record<string, string>;
  managedPolicies: string[];
  inlinePolicies: Map<string, PolicyDocument>;
  accessKeys: SandboxAccessKey[];
  sessions: SandboxSession[];
  loginProfile?: { createdAt: string; passwordResetRequired: boolean };
}

/** One IAM API call made against the sandbox, in order. */
export interface SandboxApiCall {
  at: string;
  operation: string;
  target: string;
}

/** What the sandbox's IAM port needs of the account it works on. */
export interface SandboxHost {
  readonly users: Map<string, SandboxPrincipal>;
  readonly roles: Map<string, SandboxPrincipal>;
  record(operation: string, target: string): void;
  /** Records an IAM call, which the drill's IAM faults may throttle. */
  recordIam(operation: string, target: string): void;
  now(): string;
  findAccessKey(accessKeyId: string): { user: SandboxPrincipal; key: SandboxAccessKey } | undefined;
  require(ref: IamPrincipalRef): SandboxPrincipal;
  requireUser(userName: string): SandboxPrincipal;
  putInlinePolicy(principal: SandboxPrincipal, policyName: string, document: PolicyDocument): void;
  attach(principal: SandboxPrincipal, policyArn: string): void;
  createPolicy(name: string, path: string, document: PolicyDocument): string;
  deletePolicy(arn: string): void;
  managedPolicy(arn: string): PolicyDocument | undefined;
  /** Refuses, as AWS does, a call Rekey's role may not make (AccessDeniedError). */
  authorize(action: string, resource: string): void;
}
