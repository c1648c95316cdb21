import * as z from 'zod';
import { IDENTITY_CENTER_ROLE } from '../protection.js';
import { oneWayChange, reversibleChange } from './descriptor.js';
import {
  accessKeyId,
  accountId,
  anyAccessKeyId,
  CONTAIN_ERRORS,
  IAM_ERRORS,
  isoTime,
  oneKeyOrKeys,
  principal,
  region,
  regions,
  roleName,
  userName,
} from './parameters.js';

/**
 * Set a user's exposed access key, or each of its exposed keys (AWS named the user, not a key), to Inactive; never
 * deletes one, never touches a key not named.
 */
export const deactivateAccessKey = reversibleChange(
  'deactivate-access-key',
  'Deactivate the exposed access key',
  {
    blastRadius:
      "The exposed key(s) only: the user's other keys, console access and sessions keep working (the sessions are the next step's).",
    parameters: z
      .object({
        accountId,
        userName,
        accessKeyId: accessKeyId.optional(),
        /** Every exposed key of the user, deactivated in turn and undone together. */
        accessKeyIds: z.array(accessKeyId).min(1).optional(),
      })
      .refine((p) => oneKeyOrKeys.check(p), oneKeyOrKeys.message),
    exactlyOneOf: [['accessKeyId', 'accessKeyIds']],
    errors: IAM_ERRORS,
  },
);

/** Deny everything to a user's or role's sessions issued before containment (`aws:TokenIssueTime`). */
export const revokeSessions = reversibleChange('revoke-sessions', 'Revoke live sessions', {
  blastRadius:
    'Every session of the user or role issued before now, legitimate ones included: people sign in again, workloads assume the role again.',
  parameters: z.object({ accountId, principal }),
  errors: CONTAIN_ERRORS,
});

/** Deny everything to a user or role, whatever its credentials: a freeze. */
export const quarantinePrincipal = reversibleChange('quarantine-principal', 'Quarantine the principal', {
  blastRadius: 'Everything the user or role does, whatever its credentials, until the quarantine is removed.',
  parameters: z.object({ accountId, principal }),
  errors: CONTAIN_ERRORS,
});

/** Remove a user's console password (login profile). */
export const disableConsoleAccess = oneWayChange('disable-console-access', 'Disable console access', {
  blastRadius:
    "The user's console sign-in (the password is removed; an administrator sets a new one to restore it: Rekey never creates one); access keys keep working.",
  parameters: z.object({ accountId, userName }),
  errors: IAM_ERRORS,
});

/** For a role session: contain the chain that obtained it, back to the key at its origin, or escalate naming what is left. */
export const containSessionSource = reversibleChange(
  'contain-session-source',
  'Contain the source of the role session',
  {
    blastRadius:
      "The chain that obtained the session, back to its origin in any account of the organisation: the origin user's key deactivated and its sessions revoked, the sessions of every role in between and of every other role that key assumed revoked (legitimate users of those roles assume them again).",
    parameters: z.object({
      accountId,
      roleName,
      sessionKeyId: anyAccessKeyId,
      /** Where to look for the AssumeRole call; by default 12 hours (the longest a role session lives) ago. */
      since: isoTime.optional(),
      regions,
    }),
    errors: CONTAIN_ERRORS,
  },
);

/**
 * Revoke an Identity Center user's sessions: a deny scoped to the user, merged into every permission set assigned to
 * them, each re-provisioned.
 */
export const revokeIdentityCenterSessions = reversibleChange(
  'revoke-identity-center-sessions',
  "Revoke the Identity Center user's sessions",
  {
    blastRadius:
      'That Identity Center user, in every permission set assigned to them and every account each is provisioned to, until rolled back; other users of the same permission sets are untouched.',
    parameters: z.object({
      accountId,
      roleName: z.string().regex(IDENTITY_CENTER_ROLE, 'an AWSReservedSSO_* role'),
      userName,
    }),
    errors: ['NotFoundError', 'ThrottlingError', 'AccessDeniedError', 'NotContainableError'],
  },
);

/**
 * Bind the role's EC2 instance credentials to the instances they were delivered to (AWS's data-perimeter shape, for
 * every instance of the role): a deny for the same credentials used from anywhere else.
 */
export const restrictInstanceCredentials = reversibleChange(
  'restrict-instance-credentials',
  "Restrict the role's instance credentials to their instances",
  {
    blastRadius:
      "Requests signed with the role's instance credentials from anywhere but their own instance's VPC endpoints and the instances' egress addresses; AWS services acting for them, IAM-authenticated calls inside the VPC and the role's other users are untouched.",
    parameters: z.object({
      accountId,
      region,
      roleName,
      /** The instance the finding names (its credentials were stolen); the deny covers every instance of the role. */
      instanceId: z
        .string()
        .regex(/^i-[0-9a-f]{8,17}$/)
        .optional(),
      /**
       * `proven`: only the parts Rekey can prove leave every instance working (what may run without a responder);
       * `full`: the whole restriction, whatever the survey could not prove (a responder's decision).
       */
      scope: z.enum(['proven', 'full']).default('full'),
    }),
    errors: [...CONTAIN_ERRORS, 'ConfigurationError'],
  },
);
