import type { PlannedCall } from '../domain/actions.js';

/** Whether Rekey may make a call, and why not. */
export interface PermissionVerdict extends PlannedCall {
  allowed: boolean;
  reason: string;
}

/** Rekey's own permissions, checked without making the calls (iam:SimulatePrincipalPolicy on AWS). */
export interface Permissions {
  check(calls: readonly PlannedCall[]): Promise<PermissionVerdict[]>;
}
