import type { PolicyDocument, TrustPolicy } from '../domain/policy-document.js';

/** A user or role, as the policy calls address it. */
export interface IamPrincipalRef {
  kind: 'user' | 'role';
  name: string;
}

/** An IAM user or role as Rekey needs to know it. */
export interface IamPrincipal extends IamPrincipalRef {
  arn: string;
  /** AIDA... for users, AROA... for roles. */
  id: string;
  path: string;
  tags: Record<string, string>;
}

/** Status of an access key, as IAM names it. */
export type AccessKeyStatus = 'Active' | 'Inactive';

/** One access key of a user (iam:ListAccessKeys). */
export interface AccessKeyRecord {
  accessKeyId: string;
  userName: string;
  status: AccessKeyStatus;
  createDate: string;
}

/** When and where a key was last used (iam:GetAccessKeyLastUsed), with the user who owns it. */
export interface AccessKeyLastUsed {
  userName: string;
  lastUsedDate?: string;
  serviceName?: string;
  region?: string;
}

/** A user's console password, as far as it can be known (never the password itself). */
export interface LoginProfile {
  createDate: string;
  passwordResetRequired: boolean;
}

/** How IAM's policy simulator decides one action on one resource for a principal. */
export interface SimulatedDecision {
  action: string;
  resourceArn: string;
  decision: 'allowed' | 'explicitDeny' | 'implicitDeny';
  /** Context keys a policy's condition needed and the simulation did not have (the decision may then differ). */
  missingContextKeys: string[];
  /** False when the account's SCPs refuse the request (IAM's OrganizationsDecisionDetail), whatever else allows it. */
  allowedByOrganizations?: boolean;
}

/** IAM in one account: the calls Rekey makes on users, roles, keys, policies and console access. */
export interface Identity {
  /** The owner and last use of a key of this account, or undefined when the account has no such key. */
  accessKeyLastUsed(accessKeyId: string): Promise<AccessKeyLastUsed | undefined>;
  getPrincipal(ref: IamPrincipalRef): Promise<IamPrincipal | undefined>;
  /** The names of every user of the account (iam:ListUsers). */
  listUserNames(): Promise<string[]>;
  listAccessKeys(userName: string): Promise<AccessKeyRecord[]>;
  updateAccessKeyStatus(userName: string, accessKeyId: string, status: AccessKeyStatus): Promise<void>;

  listInlinePolicyNames(principal: IamPrincipalRef): Promise<string[]>;
  getInlinePolicy(principal: IamPrincipalRef, policyName: string): Promise<PolicyDocument | undefined>;
  /** Throws PolicyQuotaExceededError when the principal's inline policies would exceed IAM's size quota. */
  putInlinePolicy(principal: IamPrincipalRef, policyName: string, document: PolicyDocument): Promise<void>;
  deleteInlinePolicy(principal: IamPrincipalRef, policyName: string): Promise<void>;

  listAttachedPolicyArns(principal: IamPrincipalRef): Promise<string[]>;
  /** Throws PolicyQuotaExceededError when the principal already has as many managed policies as IAM allows. */
  attachManagedPolicy(principal: IamPrincipalRef, policyArn: string): Promise<void>;
  detachManagedPolicy(principal: IamPrincipalRef, policyArn: string): Promise<void>;
  /** Creates a customer managed policy under `/rekey/` and returns its ARN. */
  createManagedPolicy(name: string, document: PolicyDocument, description: string): Promise<string>;
  deleteManagedPolicy(policyArn: string): Promise<void>;

  /** A role's trust policy (who may assume it), or undefined when there is no such role. */
  getRoleTrustPolicy(roleName: string): Promise<TrustPolicy | undefined>;
  /** Replaces a role's trust policy whole (iam:UpdateAssumeRolePolicy). */
  updateRoleTrustPolicy(roleName: string, document: TrustPolicy): Promise<void>;

  getLoginProfile(userName: string): Promise<LoginProfile | undefined>;
  deleteLoginProfile(userName: string): Promise<void>;

  /** The ARNs of the instance profiles that hold a role (an EC2 instance gets the role through one). */
  instanceProfileArns(roleName: string): Promise<string[]>;
  /**
   * How the user's or role's identity policies (inline, managed, its groups', its permissions boundary) decide each
   * action on each resource (iam:SimulatePrincipalPolicy), with the request context given (string values);
   * resource policies are not part of it.
   */
  simulatePrincipalPolicy(
    principalArn: string,
    actions: readonly string[],
    resourceArns: readonly string[],
    context?: Readonly<Record<string, string>>,
  ): Promise<SimulatedDecision[]>;
}

/** Gives the Identity port of an account (the member-account role in a deployment, the sandbox in a drill). */
export type IdentityProvider = (accountId: string) => Identity;
