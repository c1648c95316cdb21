import * as z from 'zod';
import { PolicyDocumentSchema, TrustPolicySchema } from '../../domain/policy-document.js';
import { OrganizationSeedSchema } from './organization-seed.js';
import { NetworkSeedSchema, SecretSeedSchema } from './resource-seeds.js';

export { OrganizationSeedSchema } from './organization-seed.js';
export { NetworkSeedSchema, RotationLogEntrySchema, SecretSeedSchema } from './resource-seeds.js';

const isoTime = z.iso.datetime({ offset: true });
const tags = z.record(z.string(), z.string()).default({});
const inlinePolicies = z.record(z.string(), PolicyDocumentSchema).default({});

/** Temporary credentials held by a principal (sts:AssumeRole for roles; a user's are below). */
export const SessionSeedSchema = z.strictObject({
  id: z.string().regex(/^ASIA[A-Z0-9]{16}$/, 'a session access key id (ASIA...)'),
  issuedAt: isoTime,
  expiresAt: isoTime.optional(),
  /** The long-term key that requested it, for a user's session. */
  issuedBy: z.string().optional(),
  /** For an Identity Center session: the user's identity store id (the `identitystore:userId` context key). */
  identityStoreUserId: z.string().optional(),
});

/**
 * A user's temporary credentials: from sts:GetSessionToken, or with `federatedName` from sts:GetFederationToken
 * (with the session policy it was given: without one the session may do nothing).
 */
export const UserSessionSeedSchema = SessionSeedSchema.extend({
  federatedName: z
    .string()
    .regex(/^[\w+=,.@-]{2,32}$/, 'a federated user name (2 to 32 characters)')
    .optional(),
  sessionPolicy: PolicyDocumentSchema.optional(),
  mfaAuthenticated: z.boolean().default(false),
});

/**
 * A role's session (sts:AssumeRole), with the source identity its caller set, if any: 2 to 64 characters of
 * letters, digits and `_+=,.@-` (IAM User Guide, "Monitor and control actions taken with assumed roles").
 */
export const RoleSessionSeedSchema = SessionSeedSchema.extend({
  sessionName: z.string(),
  sourceIdentity: z
    .string()
    .regex(/^[\w+=,.@-]{2,64}$/, 'a source identity (2 to 64 letters, digits or _+=,.@-)')
    .optional(),
});

/** A long-term access key of a user. */
export const AccessKeySeedSchema = z.strictObject({
  id: z.string().regex(/^AKIA[A-Z0-9]{16}$/, 'a long-term access key id (AKIA...)'),
  status: z.enum(['Active', 'Inactive']).default('Active'),
  createdAt: isoTime,
  statusChangedAt: isoTime.optional(),
  lastUsed: z.strictObject({ at: isoTime, service: z.string(), region: z.string() }).optional(),
});

/** A simulated IAM user. */
export const UserSeedSchema = z.strictObject({
  name: z.string().min(1),
  path: z.string().default('/'),
  /** A console password exists (its value is never part of a drill). */
  loginProfile: z
    .strictObject({ passwordResetRequired: z.boolean().default(false), createdAt: isoTime.optional() })
    .optional(),
  tags,
  managedPolicies: z.array(z.string()).default([]),
  /** The ARN of the managed policy set as its permissions boundary. */
  permissionsBoundary: z.string().optional(),
  inlinePolicies,
  accessKeys: z.array(AccessKeySeedSchema).default([]),
  sessions: z.array(UserSessionSeedSchema).default([]),
});

/** A simulated IAM role. */
export const RoleSeedSchema = z.strictObject({
  name: z.string().min(1),
  path: z.string().default('/'),
  /** Who may assume it; by default the account itself (its IAM policies decide who). */
  trustPolicy: TrustPolicySchema.optional(),
  tags,
  managedPolicies: z.array(z.string()).default([]),
  /** The ARN of the managed policy set as its permissions boundary. */
  permissionsBoundary: z.string().optional(),
  inlinePolicies,
  sessions: z.array(RoleSessionSeedSchema).default([]),
});

/** A customer managed policy. */
export const ManagedPolicySeedSchema = z.strictObject({
  name: z.string().min(1),
  path: z.string().default('/'),
  document: PolicyDocumentSchema,
});

/** A CloudTrail management event of the account's history, as an investigation reads it. */
export const AuditEventSeedSchema = z.strictObject({
  eventId: z.string().optional(),
  eventTime: isoTime,
  eventName: z.string(),
  eventSource: z.string(),
  region: z.string().optional(),
  accessKeyId: z.string().optional(),
  principalType: z.string().optional(),
  principalArn: z.string().optional(),
  principalAccountId: z.string().optional(),
  principalId: z.string().optional(),
  sharedEventId: z.string().optional(),
  identityProvider: z.string().optional(),
  sessionIssuerArn: z.string().optional(),
  sourceIp: z.string().optional(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  assumedRoleArn: z.string().optional(),
  issuedAccessKeyId: z.string().optional(),
  federatedUserArn: z.string().optional(),
  createdUser: z.string().optional(),
  createdRole: z.string().optional(),
  createdAccessKeyId: z.string().optional(),
  createdPolicyArn: z.string().optional(),
  targetUser: z.string().optional(),
  targetRole: z.string().optional(),
  trustPolicy: z.string().optional(),
  attachedPolicyArn: z.string().optional(),
  /** For Secrets Manager's own events (RotationFailed, ...): the secret, by name. */
  secretName: z.string().optional(),
  /** For GetSecretValue and BatchGetSecretValue: the secrets named (empty for a batch by filter). */
  secretIds: z.array(z.string()).optional(),
});

/** IAM Identity Center as seen from the account: users, groups, permission sets and who is assigned what where. */
export const IdentityCenterSeedSchema = z.strictObject({
  instanceArn: z.string().default('arn:aws:sso:::instance/ssoins-0000000000000000'),
  /**
   * Where Rekey calls Identity Center from. AWS serves ListAccountAssignmentsForPrincipal only to the management
   * account of the organisation instance: a delegated administrator is refused it, and any change to a permission
   * set provisioned in the management account.
   */
  calledFrom: z.enum(['management-account', 'delegated-administrator']).default('management-account'),
  users: z.array(z.strictObject({ userName: z.string(), userId: z.string() })).default([]),
  groups: z
    .array(
      z.strictObject({
        groupId: z.string(),
        displayName: z.string(),
        members: z.array(z.string()).default([]),
      }),
    )
    .default([]),
  permissionSets: z
    .array(
      z.strictObject({
        name: z.string(),
        arn: z.string(),
        inlinePolicy: PolicyDocumentSchema.optional(),
        /** The AWSReservedSSO_* roles it is provisioned as, in this account. */
        roleNames: z.array(z.string()).default([]),
      }),
    )
    .default([]),
  /** Account assignments: a user or group given a permission set (by name) in an account, this one or another. */
  assignments: z
    .array(
      z.strictObject({
        accountId: z.string().regex(/^\d{12}$/, 'a 12-digit account id'),
        permissionSet: z.string(),
        principalType: z.enum(['USER', 'GROUP']),
        principalId: z.string(),
      }),
    )
    .default([]),
});

/** The account's root user: which credentials it holds (identifiers only). */
export const RootSeedSchema = z.strictObject({
  loginProfile: z.boolean().default(true),
  accessKeys: z
    .array(
      z.strictObject({
        id: z.string().regex(/^AKIA[A-Z0-9]{16}$/, 'a long-term access key id'),
        createdAt: isoTime,
      }),
    )
    .default([]),
  mfaSerialNumbers: z.array(z.string()).default([]),
  signingCertificateIds: z.array(z.string()).default([]),
});

/** The simulated account a drill starts from. */
export const AccountSeedSchema = z.strictObject({
  id: z.string().regex(/^\d{12}$/, 'a 12-digit account id'),
  region: z.string().default('us-east-1'),
  users: z.array(UserSeedSchema).default([]),
  roles: z.array(RoleSeedSchema).default([]),
  policies: z.array(ManagedPolicySeedSchema).default([]),
  secrets: z.array(SecretSeedSchema).default([]),
  network: NetworkSeedSchema.default({ instances: [], natGateways: [], vpcs: [] }),
  cloudTrail: z.array(AuditEventSeedSchema).default([]),
  /** The account's detective controls, for the readiness report: its trails, and GuardDuty by region. */
  monitoring: z
    .strictObject({
      trails: z
        .array(
          z.strictObject({
            name: z.string().min(1),
            multiRegion: z.boolean(),
            logging: z.boolean(),
            managementEvents: z.boolean(),
          }),
        )
        .default([]),
      guardDuty: z.record(z.string(), z.boolean()).default({}),
    })
    .default({ trails: [], guardDuty: {} }),
  /** How long after an event CloudTrail's LookupEvents shows it (AWS: typically within 15 minutes). */
  cloudTrailDelaySeconds: z.number().int().nonnegative().max(3600).default(0),
  identityCenter: IdentityCenterSeedSchema.optional(),
  organization: OrganizationSeedSchema.optional(),
  /**
   * Faults for drills. `throttleIamChangesEvery`: every n-th IAM change fails with Throttling after the client's
   * retries, changing nothing (the playbook's retry meets it). `throttleIamRequestsEvery`: every n-th IAM request,
   * reads included, is throttled; like the deployed AWS SDK clients (standard retry mode, three attempts), the
   * call is attempted again and only fails when every attempt is throttled.
   */
  faults: z
    .strictObject({
      throttleIamChangesEvery: z.number().int().min(2).optional(),
      throttleIamRequestsEvery: z.number().int().min(2).optional(),
    })
    .default({}),
  root: RootSeedSchema.optional(),
  /**
   * Principals of other accounts (the attacker's own) and the keys they sign with: in this account they may do only
   * what its resource policies grant them, such as assuming a role whose trust policy lets them in.
   */
  outsiders: z
    .array(
      z.strictObject({
        arn: z
          .string()
          .regex(/^arn:aws:iam::\d{12}:(user|role)\/\S+$/, 'an IAM user or role ARN of another account'),
        accessKeyIds: z.array(z.string().regex(/^(AKIA|ASIA)[A-Z0-9]{16}$/)).min(1),
      }),
    )
    .default([]),
});

/** The simulated account a drill starts from (as written in the drill file). */
export type AccountSeedInput = z.input<typeof AccountSeedSchema>;
/** The simulated account a drill starts from (after defaults). */
export type AccountSeed = z.infer<typeof AccountSeedSchema>;
