import type { PolicyDocument } from '../domain/policy-document.js';

/** A permission set, with the Identity Center instance it belongs to. */
export interface PermissionSetRef {
  instanceArn: string;
  permissionSetArn: string;
  name: string;
}

/** Who an account assignment gives a permission set to. */
export interface AssignedPrincipal {
  principalType: 'USER' | 'GROUP';
  principalId: string;
}

/**
 * IAM Identity Center as Rekey uses it: the roles it creates in accounts (`AWSReservedSSO_*`) cannot be edited,
 * so a deny goes into the permission set's inline policy, which is then provisioned again.
 */
export interface IdentityCenter {
  findPermissionSet(name: string): Promise<PermissionSetRef | undefined>;
  /** The permission set an ARN names (DescribePermissionSet). */
  describePermissionSet(permissionSetArn: string): Promise<PermissionSetRef>;
  /** The identity store id of a user, from the user name an Identity Center session carries. */
  findUserId(userName: string): Promise<string | undefined>;
  /** The groups a user is a member of (identitystore:ListGroupMembershipsForMember). */
  groupIdsOf(userId: string): Promise<string[]>;
  /**
   * The permission sets a user or group is assigned, in every account (ListAccountAssignmentsForPrincipal). AWS
   * serves it only to the management account: elsewhere it throws AccessDeniedError.
   */
  permissionSetArnsAssignedTo(principal: AssignedPrincipal): Promise<string[]>;
  /** Every permission set of the instance (ListPermissionSets). */
  permissionSetArns(): Promise<string[]>;
  /** The accounts a permission set is provisioned to (ListAccountsForProvisionedPermissionSet). */
  accountsProvisionedWith(permissionSetArn: string): Promise<string[]>;
  /** Who is given a permission set in an account (ListAccountAssignments). */
  assignmentsIn(accountId: string, permissionSetArn: string): Promise<AssignedPrincipal[]>;
  getInlinePolicy(set: PermissionSetRef): Promise<PolicyDocument | undefined>;
  /** Replaces the whole inline policy of the permission set (callers merge first). */
  putInlinePolicy(set: PermissionSetRef, document: PolicyDocument): Promise<void>;
  deleteInlinePolicy(set: PermissionSetRef): Promise<void>;
  /** Provisions the permission set again to every account it is provisioned to, and waits for it. */
  provision(set: PermissionSetRef): Promise<void>;
}
