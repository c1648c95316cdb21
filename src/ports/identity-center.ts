import type { PolicyDocument } from '../domain/policy-document.js';

/** A permission set, with the Identity Center instance it belongs to. */
export interface PermissionSetRef {
  instanceArn: string;
  permissionSetArn: string;
  name: string;
}

/**
 * IAM Identity Center as Rekey uses it: the roles it creates in accounts (`AWSReservedSSO_*`) cannot be edited,
 * so a deny goes into the permission set's inline policy, which is then provisioned again.
 */
export interface IdentityCenter {
  findPermissionSet(name: string): Promise<PermissionSetRef | undefined>;
  /** The identity store id of a user, from the user name an Identity Center session carries. */
  findUserId(userName: string): Promise<string | undefined>;
  getInlinePolicy(set: PermissionSetRef): Promise<PolicyDocument | undefined>;
  /** Replaces the whole inline policy of the permission set (callers merge first). */
  putInlinePolicy(set: PermissionSetRef, document: PolicyDocument): Promise<void>;
  deleteInlinePolicy(set: PermissionSetRef): Promise<void>;
  /** Provisions the permission set again to every account it is provisioned to, and waits for it. */
  provision(set: PermissionSetRef): Promise<void>;
}
