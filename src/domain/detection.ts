import * as z from 'zod';

/** What was exposed, decided from the evidence (holder type, key prefix, API called), never from a finding's name. */
export const EXPOSURE_KINDS = [
  'iam-user-access-key',
  'role-session',
  /** A session of an IAM Identity Center role (`AWSReservedSSO_*`): its holder is the Identity Center user. */
  'identity-center-session',
  'instance-credentials',
  'secret',
  'root',
  'console-login',
] as const;

/** The kind of an exposure. */
export type ExposureKind = (typeof EXPOSURE_KINDS)[number];

/** Where a signal came from. */
export const EVIDENCE_SOURCES = [
  'aws.health',
  'aws.guardduty',
  'aws.securityhub',
  'aws.cloudtrail',
  'rekey.scanner',
  /** A playbook's own verification, finding the containment breached: re-raises the incident. */
  'rekey.verification',
] as const;

/** Where a secret scanner found a credential; never the secret itself. */
export const ScanLocationSchema = z.object({
  tool: z.string(),
  repository: z.string().optional(),
  file: z.string().optional(),
  commit: z.string().optional(),
  line: z.number().int().nonnegative().optional(),
  verified: z.boolean().optional(),
});

/** Where a signal came from and what it says, independent of the source's own format. */
export const EvidenceSchema = z.object({
  source: z.enum(EVIDENCE_SOURCES),
  /** The finding type, Health event type code or API call, as the source names it (GuardDuty's form for ASFF copies). */
  type: z.string(),
  /** The source's own id for what it reports: the finding id, the Health event ARN, the CloudTrail event id. */
  reportId: z.string(),
  /** The EventBridge envelope id (or the report id for material without an envelope); a re-delivery repeats it. */
  eventId: z.string(),
  /** Severity on GuardDuty's 0 to 10 scale. */
  severity: z.number().min(0).max(10),
  /** True when AWS itself says the credential was exposed or compromised. */
  awsReportedExposed: z.boolean(),
  /**
   * The principal whose own call is the evidence, when it is neither AWS nor the subject (an administrator, or
   * anyone, attaching AWS's quarantine policy to another user): what it asserts waits for a responder, always.
   */
  assertedBy: z.string().optional(),
  /**
   * What the record says the caller asked for, which triage confirms with a read before believing it (a quarantine
   * policy really attached to the user, or really among its inline policies): what a caller asked for is not what
   * happened.
   */
  toConfirm: z
    .union([
      z.object({ attachedPolicy: z.string() }).strict(),
      z.object({ inlinePolicy: z.string() }).strict(),
    ])
    .optional(),
  /** When the source says the activity happened. */
  observedAt: z.iso.datetime({ offset: true }),
  summary: z.string(),
  remoteIp: z.string().optional(),
  /** A GuardDuty or Security Hub sample finding: reported, never acted on. */
  sample: z.boolean().default(false),
  /** The GuardDuty finding id, also on Security Hub's copy of the finding, so both join one incident. */
  guardDutyFindingId: z.string().optional(),
  location: ScanLocationSchema.optional(),
});

/** The evidence half of an exposure. */
export type Evidence = z.infer<typeof EvidenceSchema>;

/** The principal types CloudTrail and GuardDuty name. */
export const PRINCIPAL_TYPES = [
  'IAMUser',
  'AssumedRole',
  'Root',
  'FederatedUser',
  'AWSService',
  'Unknown',
] as const;

/** A principal as a source names it; any part may be missing or a placeholder. */
export const PrincipalRefSchema = z.object({
  type: z.enum(PRINCIPAL_TYPES),
  /** The user name, the role name of a session, or `root`. */
  name: z.string().optional(),
  /** The IAM ARN: the user, the role (not the session), or the account root. */
  arn: z.string().optional(),
  principalId: z.string().optional(),
  /** The role session name, for a role session. */
  sessionName: z.string().optional(),
});

/** A principal as a source names it. */
export type PrincipalRef = z.infer<typeof PrincipalRefSchema>;

/** A normalised signal: one exposed credential, before Rekey has checked its holder in the account. */
export const DetectionSchema = z.object({
  kind: z.enum(EXPOSURE_KINDS),
  accountId: z.string().regex(/^\d{12}$/),
  region: z.string(),
  principal: PrincipalRefSchema,
  accessKeyId: z.string().optional(),
  /**
   * Every long-term key the exposure covers, set by triage for an IAM user key: the one key a signal names, or, when
   * AWS names the user rather than a key (its quarantine policy, a Health event naming the user), every key of the
   * user that was active then, contained together as one incident.
   */
  accessKeyIds: z.array(z.string()).min(1).optional(),
  /**
   * The session key (ASIA...) a signal names when it is an IAM user's own session (GetSessionToken, or
   * GetFederationToken for a federated user): the user's policies govern it, so the exposure is the long-term key
   * that minted it (`accessKeyId`, found in CloudTrail at triage) and the user's sessions.
   */
  sessionKeyId: z.string().optional(),
  /** For a secret read: the first secret the read names (absent when it names none). */
  secretArn: z.string().optional(),
  /**
   * For a secret read: every secret the record names (GetSecretValue one, BatchGetSecretValue its list), as the
   * caller named them (ARN or name). Empty for a BatchGetSecretValue by filter, whose record names none: every
   * secret the reader could read counts as read.
   */
  secretArns: z.array(z.string()).optional(),
  instanceId: z.string().optional(),
  evidence: EvidenceSchema,
  /**
   * Why Rekey recognises this exposure but cannot act on it (an entity that is no key, a key the account does not
   * have, an account out of reach): it escalates to responders with this reason, never dropped with a log line.
   */
  unactionable: z.string().optional(),
});

/** One exposed credential a source reports. */
export type Detection = z.infer<typeof DetectionSchema>;
