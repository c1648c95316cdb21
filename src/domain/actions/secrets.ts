import * as z from 'zod';
import { lookOnly, oneWayChange, reversibleChange } from './descriptor.js';
import {
  accountId,
  anyAccessKeyId,
  arn,
  CALL_ERRORS,
  CONTAIN_ERRORS,
  isoTime,
  region,
  regions,
  secretId,
} from './parameters.js';

/** Rotate an exposed secret now (twice for alternating users), repairing a stuck AWSPENDING first. */
export const rotateSecret = oneWayChange('rotate-secret', 'Rotate the exposed secret', {
  blastRadius:
    'Every application that reads the secret gets the new value at its next read; open database connections are not dropped.',
  parameters: z.object({ accountId, region, secretId }),
  errors: ['NotFoundError', 'ThrottlingError', 'AccessDeniedError', 'RotationError', 'NotContainableError'],
});

/** Deny the principal that read a secret it should not have, in the secret's resource policy. */
export const blockSecretReader = reversibleChange(
  'block-secret-reader',
  'Block the unexpected reader of the secret',
  {
    blastRadius: "That principal's reads of this secret; every other reader is untouched.",
    parameters: z.object({ accountId, region, secretId, readerArn: arn }),
    errors: ['NotFoundError', 'ThrottlingError', 'AccessDeniedError', 'ProtectedPrincipalError'],
  },
);

/** A secret a reader read (or could read, for a BatchGetSecretValue by filter), as the looking step found it. */
export const SecretReadSchema = z.object({
  arn,
  name: z.string(),
  region,
  /** When it was last read (or, for a read by filter, when that read was). */
  lastReadAt: isoTime,
  /** `named`: a read named it; `readable`: a BatchGetSecretValue by filter, and the reader may read it. */
  how: z.enum(['named', 'readable']),
});

/** A secret a reader read, as the looking step found it. */
export type SecretRead = z.infer<typeof SecretReadSchema>;

/**
 * The reader of secrets, contained: an IAM user's keys that read them deactivated and its sessions revoked, or the
 * role behind a session has its sessions revoked.
 */
export const containSecretReader = reversibleChange(
  'contain-secret-reader',
  'Contain the unexpected reader of secrets',
  {
    blastRadius:
      "The reader: a user's keys that read the secrets are deactivated and its sessions issued before now denied; a role's sessions issued before now are denied (its legitimate users too, until they assume it again). Then every secret it read is denied to it and rotated: applications reading those secrets get the new value at their next read.",
    parameters: z.object({ accountId, readerArn: arn }),
    errors: CONTAIN_ERRORS,
  },
);

/** Every secret the reader read: its signals, CloudTrail (its keys' reads), every readable one for a read by filter. */
export const findSecretReads = lookOnly('find-secret-reads', 'Find every secret the reader read', {
  parameters: z.object({
    accountId,
    region,
    readerArn: arn,
    /** What an earlier look found: `newSecrets` are the others. */
    known: z.array(SecretReadSchema).optional(),
    /** Where to start looking in CloudTrail; by default 36 hours ago (the longest a session minted from a key lives). */
    since: isoTime.optional(),
    regions,
  }),
  errors: [...CALL_ERRORS, 'NotContainableError'],
});

/** Every secret the reader read is rotated since the read and denied to it; else escalate, naming each owner's task. */
export const checkSecretsRotated = lookOnly(
  'check-secrets-rotated',
  'Check every secret the reader read is rotated and denied to it',
  {
    parameters: z.object({
      accountId,
      readerArn: arn,
      secrets: z.array(SecretReadSchema),
      /** The keys that signed the reads (their long-term keys must be inactive). */
      keys: z.array(anyAccessKeyId).default([]),
      /** Whether a CloudTrail lookup held more than Rekey read: the list may be incomplete. */
      truncated: z.boolean().default(false),
    }),
    errors: [...CALL_ERRORS, 'NotContainableError'],
  },
);
