import type { PolicyDocument } from '../domain/policy-document.js';

/** An IAM user as Rekey needs to know it. */
export interface IamUser {
  name: string;
  arn: string;
  userId: string;
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

/** IAM in one account: the calls Rekey makes on users, keys and their inline policies. */
export interface Identity {
  /** The owner and last use of a key of this account, or undefined when the account has no such key. */
  accessKeyLastUsed(accessKeyId: string): Promise<AccessKeyLastUsed | undefined>;
  getUser(userName: string): Promise<IamUser | undefined>;
  listAccessKeys(userName: string): Promise<AccessKeyRecord[]>;
  updateAccessKeyStatus(userName: string, accessKeyId: string, status: AccessKeyStatus): Promise<void>;
  listUserPolicyNames(userName: string): Promise<string[]>;
  getUserPolicy(userName: string, policyName: string): Promise<PolicyDocument | undefined>;
  /** Throws PolicyQuotaExceededError when the user's inline policies would exceed IAM's size quota. */
  putUserPolicy(userName: string, policyName: string, document: PolicyDocument): Promise<void>;
  deleteUserPolicy(userName: string, policyName: string): Promise<void>;
}

/** Gives the Identity port of an account (the member-account role in a deployment, the sandbox in a drill). */
export type IdentityProvider = (accountId: string) => Identity;
