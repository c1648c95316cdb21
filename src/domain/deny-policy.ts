import type { PolicyDocument } from './policy-document.js';

/** The Sid Rekey gives its session-revocation statement, so it can be recognised and rolled back. */
export const REVOKE_SESSIONS_SID = 'RekeyRevokeSessionsIssuedBefore';

/**
 * `aws:TokenIssueTime` is compared at whole seconds here: the cut-off is rounded up, so a session issued in
 * the same second as containment is still revoked (the key was already inactive, so nothing legitimate is lost).
 */
export function tokenIssueCutoff(keyInactiveAt: Date): Date {
  return new Date(Math.ceil(keyInactiveAt.getTime() / 1000) * 1000);
}

/** Formats a cut-off as IAM expects in a date condition (ISO 8601, UTC, whole seconds). */
export function iamTimestamp(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

/** A deny of every action for every session issued before `issuedBefore` (`aws:TokenIssueTime`). */
export function revokeSessionsPolicy(issuedBefore: Date): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: REVOKE_SESSIONS_SID,
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { DateLessThan: { 'aws:TokenIssueTime': iamTimestamp(issuedBefore) } },
      },
    ],
  };
}

/** The inline policy name Rekey uses to revoke a principal's sessions for one incident. */
export function revokeSessionsPolicyName(incidentId: string): string {
  return `rekey-revoke-sessions-${incidentId}`;
}
