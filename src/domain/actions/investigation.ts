import * as z from 'zod';
import { PersistenceArtefactSchema } from '../persistence.js';
import { lookOnly, reversibleChange } from './descriptor.js';
import {
  accountId,
  anyAccessKeyId,
  CALL_ERRORS,
  CONTAIN_ERRORS,
  isoTime,
  oneKeyOrKeys,
  regions,
} from './parameters.js';

/** From an access key (or several), what it did and which roles and sessions it obtained (CloudTrail, every region given). */
export const pivot = lookOnly('pivot', 'Trace what the credential did and which roles it assumed', {
  parameters: z
    .object({
      accountId,
      accessKeyId: anyAccessKeyId.optional(),
      /** Several keys traced together (every exposed key of a user): their calls, roles and sessions as one. */
      accessKeyIds: z.array(anyAccessKeyId).min(1).optional(),
      /** Where to start; by default 36 hours ago (the longest a session the key minted can still be alive). */
      since: isoTime.optional(),
      regions,
      /**
       * An Identity Center user (the session's name) whose other permission-set sessions are traced too: sought in
       * every account their permission sets are provisioned to.
       */
      identityCenterUser: z.string().min(1).optional(),
    })
    .refine((p) => oneKeyOrKeys.check(p), oneKeyOrKeys.message),
  exactlyOneOf: [['accessKeyId', 'accessKeyIds']],
  /** IncompleteEvidenceError: a hop CloudTrail did not give in full (its facts hold what was found). */
  errors: [...CALL_ERRORS, 'IncompleteEvidenceError'],
});

/**
 * A key at the origin of a role session's chain, and the account whose CloudTrail records its calls (nulls: the
 * chain's containment failed and named no origin).
 */
const origin = z
  .object({ accountId: accountId.nullable(), accessKeyId: anyAccessKeyId.nullable() })
  .optional();

/** What the credentials created to keep their access, found in CloudTrail: what a sweep then neutralises. */
export const findPersistence = lookOnly('find-persistence', 'Find the persistence the credentials created', {
  parameters: z.object({
    accountId,
    /** The exposed keys; the sessions they minted and the keys they created are followed too (null: none). */
    accessKeyIds: z.array(anyAccessKeyId.nullable()).min(1),
    /** A key at a session's origin, in its own account (its calls are recorded there), searched there too. */
    origin,
    /** Where to start; by default 36 hours ago (the longest a session the key minted lives). */
    since: isoTime.optional(),
    regions,
  }),
  errors: CALL_ERRORS,
});

/** Neutralise one thing the credentials created: a key, a console password, a user, a role, a trust edit, an attachment. */
export const sweepPersistence = reversibleChange(
  'sweep-persistence',
  'Sweep the persistence the attacker created',
  {
    blastRadius:
      "What the exposed credentials created or changed since the exposure: its keys deactivated, console passwords removed, users and roles it created frozen, principals outside the account it let into a role's trust denied (and the role's older sessions revoked), managed policies it attached detached. Nothing is deleted but console passwords.",
    parameters: z.object({ accountId, artefact: PersistenceArtefactSchema }),
    errors: CONTAIN_ERRORS,
  },
);

/** Look for successful calls by the credentials after the cut-off: the containment holds, or it is breached. */
export const verifyContainment = lookOnly('verify-containment', 'Verify the containment holds', {
  parameters: z.object({
    accountId,
    /** The contained keys; the sessions they minted are followed too (null: none). */
    accessKeyIds: z.array(anyAccessKeyId.nullable()).min(1),
    /** A key at a session's origin, in its own account, whose calls and sessions are judged there too. */
    origin,
    cutoff: isoTime,
    /** Where to look for sessions derived from the keys; by default 36 hours (the longest a session lives) before the cut-off. */
    since: isoTime.optional(),
    /** How long after the cut-off IAM may still be spreading the deny: calls then are not judged (default 60 s). */
    settleSeconds: z.number().int().nonnegative().max(900).default(60),
    regions,
  }),
  errors: [...CALL_ERRORS, 'ContainmentBreachedError', 'IncompleteEvidenceError'],
});
