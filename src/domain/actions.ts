import { z } from 'zod';
import { PersistenceArtefactSchema } from './persistence.js';
import { IDENTITY_CENTER_ROLE } from './protection.js';

/** What the action catalogue declares about an action; playbooks are validated against these. */
export interface ActionDescriptor<P extends z.ZodType = z.ZodType> {
  name: string;
  title: string;
  parameters: P;
  /** Whether it changes the account (a drill in simulate mode only plans it). */
  mutating: boolean;
  /** Whether its journal carries enough to undo it. */
  reversible: boolean;
  /** The error names it can raise, as Retry/Catch see them. */
  errors: readonly string[];
  /** Never auto-approved, whatever the evidence: playbooks must put a responder in front of it. */
  alwaysRequiresApproval?: boolean;
  /** Who else a mutating action affects, for the responder who approves it. */
  blastRadius?: string;
  /** Parameters of which a step gives exactly one (one key, or a list of keys), each pair checked by playbooks too. */
  exactlyOneOf?: ReadonlyArray<readonly [string, string]>;
}

/** Whether an object gives exactly one of two parameters. */
const exactlyOne = (a: string, b: string) => ({
  check: (p: Record<string, unknown>) => (p[a] === undefined) !== (p[b] === undefined),
  message: `give exactly one of ${a} and ${b}`,
});

const accountId = z.string().regex(/^\d{12}$/, 'a 12-digit account id');
const accessKeyId = z.string().regex(/^AKIA[A-Z0-9]{16}$/, 'a long-term access key id (AKIA...)');
const principal = z.object({ kind: z.enum(['user', 'role']), name: z.string().min(1) });
const userName = z.string().min(1);

/** Errors every IAM-changing action can raise, by name. */
const IAM_ERRORS = [
  'NotFoundError',
  'ThrottlingError',
  'AccessDeniedError',
  'ProtectedPrincipalError',
] as const;

const oneKeyOrKeys = exactlyOne('accessKeyId', 'accessKeyIds');

/**
 * Set a user's exposed access key, or each of its exposed keys (AWS named the user, not a key), to Inactive; never
 * deletes one, never touches a key not named.
 */
export const deactivateAccessKey = {
  name: 'deactivate-access-key',
  title: 'Deactivate the exposed access key',
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
  mutating: true,
  reversible: true,
  errors: IAM_ERRORS,
} satisfies ActionDescriptor;

/** Deny everything to a user's or role's sessions issued before containment (`aws:TokenIssueTime`). */
export const revokeSessions = {
  name: 'revoke-sessions',
  title: 'Revoke live sessions',
  blastRadius:
    'Every session of the user or role issued before now, legitimate ones included: people sign in again, workloads assume the role again.',
  parameters: z.object({ accountId, principal }),
  mutating: true,
  reversible: true,
  errors: [...IAM_ERRORS, 'NotContainableError'],
} satisfies ActionDescriptor;

/** Deny everything to a user or role, whatever its credentials: a freeze. */
export const quarantinePrincipal = {
  name: 'quarantine-principal',
  title: 'Quarantine the principal',
  blastRadius: 'Everything the user or role does, whatever its credentials, until the quarantine is removed.',
  parameters: z.object({ accountId, principal }),
  mutating: true,
  reversible: true,
  errors: [...IAM_ERRORS, 'NotContainableError'],
} satisfies ActionDescriptor;

/** Remove a user's console password (login profile). */
export const disableConsoleAccess = {
  name: 'disable-console-access',
  title: 'Disable console access',
  blastRadius:
    "The user's console sign-in (the password is removed; an administrator sets a new one to restore it: Rekey never creates one); access keys keep working.",
  parameters: z.object({ accountId, userName }),
  mutating: true,
  reversible: false,
  errors: IAM_ERRORS,
} satisfies ActionDescriptor;

const secretId = z.string().min(1);

/** Rotate an exposed secret now (twice for alternating users), repairing a stuck AWSPENDING first. */
export const rotateSecret = {
  name: 'rotate-secret',
  title: 'Rotate the exposed secret',
  blastRadius:
    'Every application that reads the secret gets the new value at its next read; open database connections are not dropped.',
  parameters: z.object({ accountId, region: z.string().min(1), secretId }),
  mutating: true,
  reversible: false,
  errors: ['NotFoundError', 'ThrottlingError', 'AccessDeniedError', 'RotationError', 'NotContainableError'],
} satisfies ActionDescriptor;

/** Deny the principal that read a secret it should not have, in the secret's resource policy. */
export const blockSecretReader = {
  name: 'block-secret-reader',
  title: 'Block the unexpected reader of the secret',
  blastRadius: "That principal's reads of this secret; every other reader is untouched.",
  parameters: z.object({
    accountId,
    region: z.string().min(1),
    secretId,
    readerArn: z.string().startsWith('arn:'),
  }),
  mutating: true,
  reversible: true,
  errors: ['NotFoundError', 'ThrottlingError', 'AccessDeniedError', 'ProtectedPrincipalError'],
} satisfies ActionDescriptor;

/**
 * Bind the role's EC2 instance credentials to the instances they were delivered to (AWS's data-perimeter shape, for
 * every instance of the role): a deny for the same credentials used from anywhere else.
 */
export const restrictInstanceCredentials = {
  name: 'restrict-instance-credentials',
  title: "Restrict the role's instance credentials to their instances",
  blastRadius:
    "Requests signed with the role's instance credentials from anywhere but their own instance's VPC endpoints and the instances' egress addresses; AWS services acting for them, IAM-authenticated calls inside the VPC and the role's other users are untouched.",
  parameters: z.object({
    accountId,
    region: z.string().min(1),
    roleName: z.string().min(1),
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
  mutating: true,
  reversible: true,
  errors: [...IAM_ERRORS, 'NotContainableError', 'ConfigurationError'],
} satisfies ActionDescriptor;

/** Where to look in CloudTrail; by default every region enabled in the account (EC2 DescribeRegions). */
const regions = z.array(z.string().min(1)).min(1).optional();
const isoTime = z.iso.datetime({ offset: true });
const anyAccessKeyId = z.string().regex(/^(AKIA|ASIA)[A-Z0-9]{16}$/, 'an access key id');

/** From an access key (or several), what it did and which roles and sessions it obtained (CloudTrail, every region given). */
export const pivot = {
  name: 'pivot',
  title: 'Trace what the credential did and which roles it assumed',
  parameters: z
    .object({
      accountId,
      accessKeyId: anyAccessKeyId.optional(),
      /** Several keys traced together (every exposed key of a user): their calls, roles and sessions as one. */
      accessKeyIds: z.array(anyAccessKeyId).min(1).optional(),
      /** Where to start; by default 36 hours ago (the longest a session the key minted can still be alive). */
      since: isoTime.optional(),
      regions,
    })
    .refine((p) => oneKeyOrKeys.check(p), oneKeyOrKeys.message),
  exactlyOneOf: [['accessKeyId', 'accessKeyIds']],
  mutating: false,
  reversible: false,
  errors: ['ThrottlingError', 'AccessDeniedError'],
} satisfies ActionDescriptor;

/** What the credentials created to keep their access, found in CloudTrail: what a sweep then neutralises. */
export const findPersistence = {
  name: 'find-persistence',
  title: 'Find the persistence the credentials created',
  parameters: z.object({
    accountId,
    /** The exposed keys; the sessions they minted and the keys they created are followed too (null: none). */
    accessKeyIds: z.array(anyAccessKeyId.nullable()).min(1),
    /** Where to start; by default 36 hours ago (the longest a session the key minted lives). */
    since: isoTime.optional(),
    regions,
  }),
  mutating: false,
  reversible: false,
  errors: ['ThrottlingError', 'AccessDeniedError'],
} satisfies ActionDescriptor;

/** Neutralise one thing the credentials created: a key, a console password, a user, a role, a trust edit, an attachment. */
export const sweepPersistence = {
  name: 'sweep-persistence',
  title: 'Sweep the persistence the attacker created',
  blastRadius:
    "What the exposed credentials created or changed since the exposure: its keys deactivated, console passwords removed, users and roles it created frozen, principals outside the account it let into a role's trust denied (and the role's older sessions revoked), managed policies it attached detached. Nothing is deleted but console passwords.",
  parameters: z.object({ accountId, artefact: PersistenceArtefactSchema }),
  mutating: true,
  reversible: true,
  errors: [...IAM_ERRORS, 'NotContainableError'],
} satisfies ActionDescriptor;

/** Look for successful calls by the credentials after the cut-off: the containment holds, or it is breached. */
export const verifyContainment = {
  name: 'verify-containment',
  title: 'Verify the containment holds',
  parameters: z.object({
    accountId,
    accessKeyIds: z.array(anyAccessKeyId).min(1),
    cutoff: isoTime,
    /** Where to look for sessions derived from the keys; by default 36 hours (the longest a session lives) before the cut-off. */
    since: isoTime.optional(),
    /** How long after the cut-off IAM may still be spreading the deny: calls then are not judged (default 60 s). */
    settleSeconds: z.number().int().nonnegative().max(900).default(60),
    regions,
  }),
  mutating: false,
  reversible: false,
  errors: ['ThrottlingError', 'AccessDeniedError', 'ContainmentBreachedError', 'IncompleteEvidenceError'],
} satisfies ActionDescriptor;

/**
 * Revoke an Identity Center user's sessions: a deny scoped to the user, merged into every permission set assigned to
 * them, each re-provisioned.
 */
export const revokeIdentityCenterSessions = {
  name: 'revoke-identity-center-sessions',
  title: "Revoke the Identity Center user's sessions",
  blastRadius:
    'That Identity Center user, in every permission set assigned to them and every account each is provisioned to, until rolled back; other users of the same permission sets are untouched.',
  parameters: z.object({
    accountId,
    roleName: z.string().regex(IDENTITY_CENTER_ROLE, 'an AWSReservedSSO_* role'),
    userName: z.string().min(1),
  }),
  mutating: true,
  reversible: true,
  errors: ['NotFoundError', 'ThrottlingError', 'AccessDeniedError', 'NotContainableError'],
} satisfies ActionDescriptor;

/** For a role session: contain who obtained it (the key, user or role that called AssumeRole), or escalate. */
export const containSessionSource = {
  name: 'contain-session-source',
  title: 'Contain the source of the role session',
  blastRadius:
    "The key, user or role that assumed the role: deactivated or its sessions revoked, as for that principal's own exposure.",
  parameters: z.object({
    accountId,
    roleName: z.string().min(1),
    sessionKeyId: anyAccessKeyId,
    /** Where to look for the AssumeRole call; by default 12 hours (the longest a role session lives) ago. */
    since: isoTime.optional(),
    regions,
  }),
  mutating: true,
  reversible: true,
  errors: [...IAM_ERRORS, 'NotContainableError'],
} satisfies ActionDescriptor;

const readerArn = z.string().startsWith('arn:');

/** A secret a reader read (or could read, for a BatchGetSecretValue by filter), as the looking step found it. */
export const SecretReadSchema = z.object({
  arn: z.string().startsWith('arn:'),
  name: z.string(),
  region: z.string().min(1),
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
export const containSecretReader = {
  name: 'contain-secret-reader',
  title: 'Contain the unexpected reader of secrets',
  blastRadius:
    "The reader: a user's keys that read the secrets are deactivated and its sessions issued before now denied; a role's sessions issued before now are denied (its legitimate users too, until they assume it again). Then every secret it read is denied to it and rotated: applications reading those secrets get the new value at their next read.",
  parameters: z.object({ accountId, readerArn }),
  mutating: true,
  reversible: true,
  errors: [...IAM_ERRORS, 'NotContainableError'],
} satisfies ActionDescriptor;

/** Every secret the reader read: its signals, CloudTrail (its keys' reads), every readable one for a read by filter. */
export const findSecretReads = {
  name: 'find-secret-reads',
  title: 'Find every secret the reader read',
  parameters: z.object({
    accountId,
    region: z.string().min(1),
    readerArn,
    /** What an earlier look found: `newSecrets` are the others. */
    known: z.array(SecretReadSchema).optional(),
    /** Where to start looking in CloudTrail; by default 36 hours ago (the longest a session minted from a key lives). */
    since: isoTime.optional(),
    regions,
  }),
  mutating: false,
  reversible: false,
  errors: ['ThrottlingError', 'AccessDeniedError', 'NotContainableError'],
} satisfies ActionDescriptor;

/** Every secret the reader read is rotated since the read and denied to it; else escalate, naming each owner's task. */
export const checkSecretsRotated = {
  name: 'check-secrets-rotated',
  title: 'Check every secret the reader read is rotated and denied to it',
  parameters: z.object({
    accountId,
    readerArn,
    secrets: z.array(SecretReadSchema),
    /** The keys that signed the reads (their long-term keys must be inactive). */
    keys: z.array(anyAccessKeyId).default([]),
    /** Whether a CloudTrail lookup held more than Rekey read: the list may be incomplete. */
    truncated: z.boolean().default(false),
  }),
  mutating: false,
  reversible: false,
  errors: ['ThrottlingError', 'AccessDeniedError', 'NotContainableError'],
} satisfies ActionDescriptor;

/** Whether Rekey can contain this account's root at all (a member account, with the management-account role). */
export const checkRootContainment = {
  name: 'check-root-containment',
  title: 'Check that Rekey can contain this root user',
  parameters: z.object({ accountId }),
  mutating: false,
  reversible: false,
  errors: ['ThrottlingError', 'AccessDeniedError', 'NotContainableError'],
} satisfies ActionDescriptor;

/** Deny a member account's root user by an SCP, through the management-account role; always behind approval. */
export const containRoot = {
  name: 'contain-root',
  title: "Contain the account's root user (SCP deny, or delete its credentials)",
  blastRadius:
    "The account's root user, everywhere: account recovery then needs the SCP removed from the management account.",
  parameters: z.object({
    accountId,
    /** `scp` (reversible) or `delete-credentials` through centralised root access (not reversible by Rekey). */
    method: z.enum(['scp', 'delete-credentials']).default('scp'),
  }),
  mutating: true,
  reversible: true,
  errors: ['ThrottlingError', 'AccessDeniedError', 'NotContainableError'],
  alwaysRequiresApproval: true,
} satisfies ActionDescriptor;

/** Every action Rekey knows, by name. */
export const ACTION_DESCRIPTORS = {
  'deactivate-access-key': deactivateAccessKey,
  'revoke-sessions': revokeSessions,
  'quarantine-principal': quarantinePrincipal,
  'disable-console-access': disableConsoleAccess,
  'rotate-secret': rotateSecret,
  'block-secret-reader': blockSecretReader,
  'restrict-instance-credentials': restrictInstanceCredentials,
  pivot,
  'find-persistence': findPersistence,
  'sweep-persistence': sweepPersistence,
  'verify-containment': verifyContainment,
  'revoke-identity-center-sessions': revokeIdentityCenterSessions,
  'check-root-containment': checkRootContainment,
  'contain-root': containRoot,
  'contain-session-source': containSessionSource,
  'contain-secret-reader': containSecretReader,
  'find-secret-reads': findSecretReads,
  'check-secrets-rotated': checkSecretsRotated,
} as const satisfies Record<string, ActionDescriptor>;

/** The name of a catalogued action. */
export type ActionName = keyof typeof ACTION_DESCRIPTORS;

/** The catalogued action names, for schemas. */
export const ACTION_NAMES = Object.keys(ACTION_DESCRIPTORS) as [ActionName, ...ActionName[]];

/** How to undo what an action changed: another call, with its parameters. */
export const UndoSchema = z.object({ operation: z.string(), parameters: z.record(z.string(), z.unknown()) });

/** A call an action would make, for simulate mode's permission check. */
export interface PlannedCall {
  /** `service:Action`, as IAM authorises it. */
  operation: string;
  resource: string;
}

/** How to undo what an action changed. */
export type Undo = z.infer<typeof UndoSchema>;

/** What one step did: the journal entry that makes retries idempotent and rollbacks possible. */
export const StepOutcomeSchema = z.object({
  step: z.string(),
  action: z.string(),
  status: z.enum(['changed', 'unchanged', 'simulated']),
  summary: z.string(),
  at: z.iso.datetime({ offset: true }),
  prior: z.record(z.string(), z.unknown()).optional(),
  undo: UndoSchema.optional(),
  facts: z.record(z.string(), z.unknown()).optional(),
});

/** What one step did. */
export type StepOutcome = z.infer<typeof StepOutcomeSchema>;
