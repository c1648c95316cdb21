import type { PolicyDocument } from './policy-document.js';

/** The Sid Rekey gives its session-revocation statement, so it can be recognised and rolled back. */
export const REVOKE_SESSIONS_SID = 'RekeyRevokeSessionsIssuedBefore';

/**
 * How far ahead of now a session cut-off is set. IAM is eventually consistent: a change made at the same time (a
 * key's deactivation, placed alongside the deny) takes effect within seconds, not at once, and a session minted with
 * the key meanwhile must still fall before the cut-off. A legitimate session issued in those seconds is denied too.
 */
export const CHANGE_PROPAGATION_MS = 5000;

/** The cut-off of a deny planned now: sessions issued before it, the next seconds' included, are denied. */
export function plannedCutoff(now: Date): string {
  return iamTimestamp(tokenIssueCutoff(new Date(now.getTime() + CHANGE_PROPAGATION_MS)));
}

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
