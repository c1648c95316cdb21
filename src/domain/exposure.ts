import * as z from 'zod';
import { DetectionSchema, PRINCIPAL_TYPES } from './detection.js';

/** The principal that holds an exposed credential, as resolved in the account itself. */
export const PrincipalSchema = z.object({
  type: z.enum(PRINCIPAL_TYPES),
  name: z.string(),
  arn: z.string(),
  sessionName: z.string().optional(),
});

/** The resolved holder of a credential. */
export type Principal = z.infer<typeof PrincipalSchema>;

/** An exposed credential whose holder is known: what incidents and playbooks act on. */
export const ExposureSchema = DetectionSchema.extend({ principal: PrincipalSchema });

/** An exposed credential with its resolved holder. */
export type Exposure = z.infer<typeof ExposureSchema>;

/**
 * The subject of a signal that names a user rather than one of its keys: all the user's keys, one incident. Apart
 * from `user/<name>`, a console sign-in's subject, so neither incident joins the other.
 */
export function userKeysSubject(userName: string): string {
  return `user-keys/${userName}`;
}

/**
 * The registry key of a detection: one open incident per account and subject (the registry keys by both). A key
 * named is its own subject; a user named without a key is the subject of all its keys.
 */
export function subjectOf(detection: z.infer<typeof DetectionSchema>): string {
  const { kind, principal } = detection;
  switch (kind) {
    case 'iam-user-access-key':
      if (detection.accessKeyId) return `access-key/${detection.accessKeyId}`;
      return detection.sessionKeyId
        ? `session/${detection.sessionKeyId}`
        : userKeysSubject(principal.name ?? principal.arn ?? '(unresolved)');
    case 'role-session':
    case 'instance-credentials':
      return `role/${principal.name ?? principal.arn}`;
    case 'identity-center-session':
      // One incident per person: the user's sessions of every permission set are contained together.
      return `identity-center-user/${principal.sessionName ?? principal.name ?? principal.arn}`;
    case 'secret':
      // The reader is the likely compromised credential: one incident per reader (its IAM user, or the role behind
      // its session), whatever it read; apart from `role/<name>`, so a role session's own incident stays its own.
      return `secret-reader/${principal.arn ?? principal.name}`;
    case 'root':
      return 'root';
    case 'console-login':
      return `user/${principal.name ?? principal.arn}`;
  }
}

/** A short human description of what was exposed (`access key AKIA… of alice`). */
export function describeExposure(detection: z.infer<typeof DetectionSchema>): string {
  const who = detection.principal.name ?? detection.principal.arn ?? 'an unknown principal';
  switch (detection.kind) {
    case 'iam-user-access-key': {
      const session = detection.sessionKeyId ? ` (session ${detection.sessionKeyId} minted from it)` : '';
      if (detection.accessKeyId) return `access key ${detection.accessKeyId} of ${who}${session}`;
      if (detection.sessionKeyId)
        return `session ${detection.sessionKeyId} of ${who}, minted by a key not yet found`;
      const keys = detection.accessKeyIds ?? [];
      if (keys.length === 0) return `the access keys of user ${who}`;
      return `${keys.length === 1 ? 'access key' : `${keys.length} access keys`} ${keys.join(', ')} of ${who}`;
    }
    case 'role-session':
      return `a session of role ${who}${detection.accessKeyId ? ` (${detection.accessKeyId})` : ''}`;
    case 'identity-center-session':
      return `a session of Identity Center user ${detection.principal.sessionName ?? '(unnamed)'} through ${who}${detection.accessKeyId ? ` (${detection.accessKeyId})` : ''}`;
    case 'instance-credentials':
      return `instance credentials of role ${who}${detection.instanceId ? ` from ${detection.instanceId}` : ''}`;
    case 'secret': {
      const named = detection.secretArns ?? (detection.secretArn ? [detection.secretArn] : []);
      if (named.length === 0) return `every secret ${who} could read (a BatchGetSecretValue by filter)`;
      return `${named.length === 1 ? `secret ${named[0]}` : `${named.length} secrets (${named.join(', ')})`} read by ${who}`;
    }
    case 'root':
      return `the root user of ${detection.accountId}${detection.accessKeyId ? ` (key ${detection.accessKeyId})` : ''}`;
    case 'console-login':
      return `console sign-in of ${who}`;
  }
}
