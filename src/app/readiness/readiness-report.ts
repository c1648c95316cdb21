import type { ProtectionSettings } from '../../domain/protection.js';

/** How much a finding matters, most first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
/** One of the severities, most first. */
export type Severity = (typeof SEVERITIES)[number];

/** The checks the report makes; a drill may assert that one finds nothing. */
export const READINESS_CHECKS = [
  'secret-rotation-missing',
  'secret-rotation-stuck',
  'secret-rotation-failed',
  'secret-rotation-overdue',
  'secret-public',
  'secret-unexpected-reader',
  'secret-readers-undeclared',
  'secret-aws-managed-key',
  'iam-old-access-key',
  'iam-unused-access-key',
  'iam-uncontainable-principal',
  'cloudtrail-management-events',
  'guardduty-disabled',
  'rekey-slack',
  'rekey-responders',
  'rekey-member-role',
  'rekey-identity-center-role',
  'rekey-identity-center-account',
] as const;
/** One of the checks the report makes. */
export type ReadinessCheck = (typeof READINESS_CHECKS)[number];

/** One thing a playbook could not do today, with the evidence and the fix. */
export interface ReadinessFinding {
  check: ReadinessCheck;
  severity: Severity;
  /** The secret, principal, region or account it is about. */
  subject: string;
  /** The tags of the secret or principal it is about (a drill's readiness expectation selects by them). */
  tags?: Record<string, string>;
  title: string;
  fix: string;
}

/** Records a finding about the subject at hand (a secret). */
export type AddFinding = (check: ReadinessCheck, severity: Severity, title: string, fix: string) => void;

/** One secret's practice: storage, rotation, encryption, audit and who may read it. */
export interface SecretAssessment {
  name: string;
  arn: string;
  tags: Record<string, string>;
  rotation: 'working' | 'failed' | 'stuck' | 'overdue' | 'none';
  strategy: string;
  rotationDays?: number;
  lastRotatedAt?: string;
  encryption: 'customer managed key' | 'AWS managed key';
  resourcePolicy: boolean;
  replicas: string[];
  readers: string[];
  unexpectedReaders: string[];
}

/** One user or role: whether Rekey could contain it, its long-lived keys, the secrets it can read. */
export interface PrincipalAssessment {
  kind: 'user' | 'role';
  name: string;
  arn: string;
  /** Why the playbooks could not contain it, when they could not. */
  uncontainable?: string;
  activeKeys: Array<{ id: string; ageDays: number; lastUsedAt?: string }>;
  secretsReadable: string[];
}

/** The scored report. */
export interface ReadinessReport {
  accountId: string;
  at: string;
  /** 100 when nothing is found; each finding costs by its severity. */
  score: number;
  findings: ReadinessFinding[];
  secrets: SecretAssessment[];
  principals: PrincipalAssessment[];
  /** What each playbook could do today, in a sentence. */
  playbooks: Array<{ playbook: string; today: string }>;
  /** How detection stands: CloudTrail and GuardDuty. */
  detection: string[];
  /** What could not be read, and why. */
  unread: string[];
}

/** What the report is judged against. */
export interface ReadinessSettings extends ProtectionSettings {
  /** An active access key older than this is long-lived (CIS AWS Foundations: 90 days). */
  keyMaxAgeDays?: number;
  /** An active access key unused this long should be removed (CIS: 45 to 90 days). */
  keyUnusedDays?: number;
}

/** A day in milliseconds. */
export const DAY = 24 * 60 * 60 * 1000;

/** Whole days in a span of milliseconds, rounded down. */
export const days = (ms: number) => Math.floor(ms / DAY);
