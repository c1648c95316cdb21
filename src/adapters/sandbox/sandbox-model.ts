import type { PolicyDocument, TrustPolicy } from '../../domain/policy-document.js';
import type { AuditEvent } from '../../ports/audit-trail.js';
import type { AccessKeyStatus, IamPrincipalRef } from '../../ports/identity.js';

/** What CloudTrail records of one of Rekey's calls beyond its name (never a secret value). */
export interface Trailed {
  /** The service, as its event source names it (`iam` for iam.amazonaws.com). */
  service: string;
  requestParameters?: Record<string, unknown>;
  responseElements?: Record<string, unknown>;
  /** The region of the endpoint called; IAM and Organizations are global, recorded in us-east-1. */
  region?: string;
  /** Who called when not Rekey's role session (a privileged root session's calls). */
  userIdentity?: Record<string, unknown>;
  /** How AWS answered a call it received and failed (ResourceNotFoundException), when not by throwing here. */
  failed?: TrailOutcome;
}

/** How a call ended, as CloudTrail writes it: `Success`, or AWS's error code and message. */
export interface TrailOutcome {
  code: string;
  message?: string;
}

/** What CloudTrail records of a call of Rekey's, and which of its roles made it (the member role by default). */
export type TrailedCall = Trailed & { as?: RekeyCaller };

/** The call an authorization is for, when it is not the action checked (RotateSecret's lambda:InvokeFunction). */
export interface AuthorizedCall {
  operation: string;
  target: string;
  trail?: TrailedCall;
}

/** Which of Rekey's roles makes a call: the action function's member role, or triage's reader role. */
export type RekeyCaller = 'member' | 'reader';

/** A request's own condition keys (`iam:PolicyARN` for an attach or detach). */
export type RequestKeys = Readonly<Record<string, string>>;

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
  /** A user's session from GetFederationToken: the name the caller gave (the federated user). */
  federatedName?: string;
  /** The session policy passed to GetFederationToken: the session may do only what both it and the user allow. */
  sessionPolicy?: PolicyDocument;
  /** A user's GetSessionToken session authenticated with MFA (only then may it call IAM). */
  mfaAuthenticated?: boolean;
  /**
   * A role session's source identity: the string its AssumeRole caller chose (never proof of who acted), kept for
   * the session's life and passed on to every role it assumes in turn (`aws:SourceIdentity` on its requests).
   */
  sourceIdentity?: string;
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
  /** The managed policy that bounds its permissions, by ARN. */
  permissionsBoundary?: string;
  inlinePolicies: Map<string, PolicyDocument>;
  accessKeys: SandboxAccessKey[];
  sessions: SandboxSession[];
  loginProfile?: { createdAt: string; passwordResetRequired: boolean };
  /** A role's trust policy: who may assume it. */
  trustPolicy?: TrustPolicy;
}

/** One IAM API call made against the sandbox, in order. */
export interface SandboxApiCall {
  at: string;
  operation: string;
  target: string;
}

/** What the sandbox's IAM port needs of the account it works on. */
export interface SandboxHost {
  readonly id: string;
  readonly users: Map<string, SandboxPrincipal>;
  readonly roles: Map<string, SandboxPrincipal>;
  record(operation: string, target: string, trail?: TrailedCall): AuditEvent | undefined;
  /** Records an IAM call, which the drill's IAM faults may throttle. */
  recordIam(operation: string, target: string, trail?: TrailedCall): AuditEvent | undefined;
  now(): string;
  findAccessKey(accessKeyId: string): { user: SandboxPrincipal; key: SandboxAccessKey } | undefined;
  require(ref: IamPrincipalRef): SandboxPrincipal;
  requireUser(userName: string): SandboxPrincipal;
  putInlinePolicy(principal: SandboxPrincipal, policyName: string, document: PolicyDocument): void;
  /** Replaces a role's trust policy (UnmodifiableEntity for roles AWS manages). */
  setTrustPolicy(role: SandboxPrincipal, document: TrustPolicy): void;
  attach(principal: SandboxPrincipal, policyArn: string): void;
  createPolicy(name: string, path: string, document: PolicyDocument): string;
  deletePolicy(arn: string): void;
  managedPolicy(arn: string): PolicyDocument | undefined;
  /** The instance profiles holding a role (the drill's instances name their role). */
  instanceProfileArns(roleName: string): string[];
  /** Refuses, as AWS does, a call Rekey's role may not make (AccessDeniedError), recording the refusal. */
  authorize(
    action: string,
    resource: string,
    as?: RekeyCaller,
    context?: RequestKeys,
    call?: AuthorizedCall,
  ): void;
  /** The SCP levels that bind the account's principals (each level must allow). */
  serviceControlPolicies(): { name: string; document: PolicyDocument }[][];
}

/** A call an attacker (or anyone) makes with a credential, replayed against the sandbox. */
export interface SimulatedCall {
  accessKeyId: string;
  /** `service:Action`, e.g. `s3:ListBuckets`. */
  action: string;
  resource?: string;
  sourceIp?: string;
  /** Set when the request came through a VPC endpoint (then there is no aws:SourceIp). */
  sourceVpc?: string;
  /** Through a VPC endpoint, the caller's private address in the VPC (aws:VpcSourceIp, IPv4 or IPv6). */
  vpcSourceIp?: string;
  /** The request parameters, named as CloudTrail records them (`userName`, `roleArn`, ...). */
  parameters?: Record<string, unknown>;
  /** The id AWS hands back for what the call creates (a key's, a session's). */
  creates?: string;
}

/** How AWS would answer the call, and why. */
export interface CallVerdict {
  outcome: 'allowed' | 'invalid-token' | 'expired-token' | 'explicit-deny' | 'implicit-deny';
  /** The error code AWS would return, or `Success`. */
  code: 'Success' | 'InvalidClientTokenId' | 'ExpiredToken' | 'AccessDenied';
  reason: string;
  principalArn?: string;
  /** The policy that decided, for an allow or an explicit deny. */
  policy?: string;
}
