import { asList, type PolicyDocument, statementsOf } from '../../domain/policy-document.js';
import { evaluatePolicies, resourceStatementsFor } from '../../domain/policy-evaluator.js';
import { IDENTITY_CENTER_ROLE, type ProtectionSettings, protectionReason } from '../../domain/protection.js';
import { rotationKind, STUCK_PENDING_AFTER_MS, strategyOf } from '../../domain/secret-rotation.js';
import type { PrincipalFacts, ReadinessFacts, SecretFacts } from '../../ports/readiness.js';

/** How much a finding matters, most first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
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
] as const;
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

const PENALTY: Record<Severity, number> = { critical: 25, high: 10, medium: 4, low: 1, info: 0 };
const DAY = 24 * 60 * 60 * 1000;
/** The tag that declares who is expected to read a secret (names or ARNs, comma-separated). */
export const READERS_TAG = 'rekey:readers';

const days = (ms: number) => Math.floor(ms / DAY);

/** The resource policy's statements that apply to the principal, as an identity policy on the secret. */
function resourceGrants(
  secret: SecretFacts,
  principal: PrincipalFacts,
  accountId: string,
): Array<{ name: string; document: PolicyDocument }> {
  if (!secret.resourcePolicy) return [];
  const statements = resourceStatementsFor(secret.resourcePolicy, principal.arn, accountId);
  return statements.length
    ? [{ name: 'the resource policy', document: { Version: '2012-10-17', Statement: statements } }]
    : [];
}

/** Whether the principal may read the secret's value: an allow in either policy, and no explicit deny in both. */
function canRead(principal: PrincipalFacts, secret: SecretFacts, accountId: string): boolean {
  const decision = evaluatePolicies(
    [...principal.policies, ...resourceGrants(secret, principal, accountId)],
    {
      action: 'secretsmanager:GetSecretValue',
      resource: secret.arn,
      context: {},
    },
  );
  return decision.effect === 'allow';
}

/** The readers a secret declares: its `rekey:readers` tag and the principals its resource policy allows by ARN. */
function declaredReaders(secret: SecretFacts): string[] | undefined {
  const tagged = secret.tags[READERS_TAG]
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const named = secret.resourcePolicy
    ? statementsOf(secret.resourcePolicy)
        .filter((s) => s.Effect === 'Allow')
        .flatMap((s) => asList((s.Principal as { AWS?: string | string[] } | undefined)?.AWS))
        .filter((p) => p.startsWith('arn:') && !p.endsWith(':root'))
    : [];
  return tagged || named.length ? [...(tagged ?? []), ...named] : undefined;
}

const declares = (declared: string[], principal: PrincipalFacts) =>
  declared.some((d) => d === principal.arn || d === principal.name);

function isPublic(secret: SecretFacts): boolean {
  return statementsOf(secret.resourcePolicy ?? { Version: '2012-10-17', Statement: [] }).some(
    (s) =>
      s.Effect === 'Allow' &&
      !s.Condition &&
      (s.Principal === '*' ||
        asList((s.Principal as { AWS?: string | string[] } | undefined)?.AWS).includes('*')),
  );
}

function strategyName(secret: SecretFacts): string {
  if (rotationKind(secret) === 'none') return 'none';
  const strategy = strategyOf(secret);
  return strategy === 'unknown' ? 'unknown (rotated twice)' : strategy;
}

function assessSecret(
  secret: SecretFacts,
  accountId: string,
  principals: PrincipalFacts[],
  now: number,
  findings: ReadinessFinding[],
): SecretAssessment {
  const add = (check: ReadinessCheck, severity: Severity, title: string, fix: string) =>
    findings.push({ check, severity, subject: secret.arn, tags: secret.tags, title, fix });
  const stuck = secret.versions.find(
    (v) =>
      v.stages.includes('AWSPENDING') &&
      !v.stages.includes('AWSCURRENT') &&
      (!v.createdAt || now - Date.parse(v.createdAt) >= STUCK_PENDING_AFTER_MS),
  );
  const lastRotated = secret.lastRotatedAt ? Date.parse(secret.lastRotatedAt) : undefined;
  let rotation: SecretAssessment['rotation'] = 'working';
  if (rotationKind(secret) === 'none') {
    rotation = 'none';
    add(
      'secret-rotation-missing',
      'high',
      `${secret.name} has no rotation: the exposed-secret playbook can only escalate it to its owner`,
      'configure a rotation function and schedule (Secrets Manager RotateSecret with RotationRules)',
    );
  } else if (stuck) {
    rotation = 'stuck';
    add(
      'secret-rotation-stuck',
      'high',
      `${secret.name}'s last rotation failed: AWSPENDING is stuck on ${stuck.id}, and every later rotation fails until that rotation is finished or the label removed`,
      "read the rotation function's logs: once setSecret ran, the version holds the password the database uses, so finish the rotation (UpdateSecretVersionStage: AWSCURRENT to it); only if setSecret failed, remove AWSPENDING from it",
    );
  } else if (
    secret.rotationFailures[0] &&
    (lastRotated === undefined || Date.parse(secret.rotationFailures[0]) > lastRotated)
  ) {
    rotation = 'failed';
    add(
      'secret-rotation-failed',
      'high',
      `${secret.name}'s rotation failed at ${secret.rotationFailures[0]} (CloudTrail RotationFailed, ${secret.rotationFailures.length} in 90 days) and has not succeeded since`,
      "read the rotation function's logs, fix it, and rotate again",
    );
  } else if (
    lastRotated === undefined ||
    (secret.rotationDays !== undefined && now - lastRotated > 2 * secret.rotationDays * DAY)
  ) {
    rotation = 'overdue';
    add(
      'secret-rotation-overdue',
      'medium',
      lastRotated === undefined
        ? `${secret.name} has rotation configured but has never been rotated`
        : `${secret.name} was last rotated ${days(now - lastRotated)} days ago, against a schedule of ${secret.rotationDays} days`,
      'rotate it now and check the rotation function succeeds',
    );
  }
  const open = isPublic(secret);
  if (open)
    add(
      'secret-public',
      'critical',
      `${secret.name}'s resource policy allows anyone (Principal "*") without a condition`,
      'remove the statement or restrict it with aws:PrincipalOrgID or aws:SourceVpce',
    );
  if (!secret.kmsKeyId)
    add(
      'secret-aws-managed-key',
      'low',
      `${secret.name} is encrypted with the AWS managed key aws/secretsmanager: its use cannot be limited by a key policy`,
      'encrypt it with a customer managed KMS key whose policy names who may decrypt',
    );
  const readers = principals.filter((p) => canRead(p, secret, accountId));
  const declared = declaredReaders(secret);
  // A secret anyone may read is one finding (public), not one per principal of the account.
  const unexpected = declared && !open ? readers.filter((p) => !declares(declared, p)) : [];
  for (const reader of unexpected)
    add(
      'secret-unexpected-reader',
      'high',
      `${reader.arn} can read ${secret.name} but is not one of its declared readers`,
      `narrow ${reader.name}'s policies (or declare it in the ${READERS_TAG} tag if it should)`,
    );
  if (!declared && readers.length > 0)
    add(
      'secret-readers-undeclared',
      'medium',
      `${secret.name} declares no readers; ${readers.length} principal(s) can read it: ${readers.map((r) => r.name).join(', ')}`,
      `name its readers in a resource policy or the ${READERS_TAG} tag, so Rekey can tell an unexpected read`,
    );
  return {
    name: secret.name,
    arn: secret.arn,
    tags: secret.tags,
    rotation,
    strategy: strategyName(secret),
    ...(secret.rotationDays !== undefined ? { rotationDays: secret.rotationDays } : {}),
    ...(secret.lastRotatedAt ? { lastRotatedAt: secret.lastRotatedAt } : {}),
    encryption: secret.kmsKeyId ? 'customer managed key' : 'AWS managed key',
    resourcePolicy: Boolean(secret.resourcePolicy),
    replicas: secret.replicas,
    readers: readers.map((r) => r.arn),
    unexpectedReaders: unexpected.map((r) => r.arn),
  };
}

/** Why Rekey's playbooks could not contain a principal, or undefined. */
function uncontainable(
  principal: PrincipalFacts,
  settings: ReadinessSettings,
  identityCenter: boolean,
): string | undefined {
  // Its role cannot be edited: its sessions are ended through the permission set, where Rekey reaches Identity Center.
  if (!identityCenter && principal.kind === 'role' && IDENTITY_CENTER_ROLE.test(principal.name))
    return `${principal.arn} is an IAM Identity Center role, and Rekey is given no access to Identity Center to end its sessions`;
  return protectionReason(principal, settings);
}

/** Assesses the gathered facts: the findings, most urgent first, and what each playbook could do today. */
export function assessReadiness(facts: ReadinessFacts, settings: ReadinessSettings): ReadinessReport {
  const now = Date.parse(facts.at);
  const findings: ReadinessFinding[] = [];
  const secrets = facts.secrets.map((s) => assessSecret(s, facts.accountId, facts.principals, now, findings));
  const maxAge = settings.keyMaxAgeDays ?? 90;
  const unusedDays = settings.keyUnusedDays ?? 90;
  const keyHolders = facts.principals.filter((p) => p.accessKeys.some((k) => k.status === 'Active'));
  const blocked = facts.principals.flatMap((p) => {
    const reason = uncontainable(p, settings, facts.rekey.identityCenter);
    return reason ? [{ principal: p, reason }] : [];
  });
  for (const user of keyHolders)
    for (const key of user.accessKeys.filter((k) => k.status === 'Active')) {
      const age = days(now - Date.parse(key.createdAt));
      const idle = key.lastUsedAt ? days(now - Date.parse(key.lastUsedAt)) : age;
      if (idle >= unusedDays)
        findings.push({
          check: 'iam-unused-access-key',
          severity: 'medium',
          subject: user.arn,
          tags: user.tags,
          title: `${user.name}'s active key ${key.id} has not been used for ${idle} days`,
          fix: 'delete it: an unused key is exposure with no benefit',
        });
      else if (age >= maxAge)
        findings.push({
          check: 'iam-old-access-key',
          severity: 'medium',
          subject: user.arn,
          tags: user.tags,
          title: `${user.name}'s active key ${key.id} is ${age} days old${key.lastUsedAt ? ` (last used ${key.lastUsedAt.slice(0, 10)})` : ''}`,
          fix: 'replace it with short-lived credentials (a role, IAM Identity Center, OIDC for CI) or rotate it',
        });
    }
  for (const { principal, reason } of blocked)
    findings.push({
      check: 'iam-uncontainable-principal',
      severity: principal.accessKeys.some((k) => k.status === 'Active') ? 'medium' : 'info',
      subject: principal.arn,
      tags: principal.tags,
      title: reason,
      fix: 'keep its runbook at hand: responders contain it by hand (the escalation checklist)',
    });
  const trail = facts.trails.find((t) => t.multiRegion && t.logging && t.managementEvents);
  if (!trail)
    findings.push({
      check: 'cloudtrail-management-events',
      severity: 'critical',
      subject: facts.accountId,
      title:
        'no logging multi-region trail records management events: the CloudTrail rules (quarantine policy, root use, secret reads) see nothing, and verification cannot trace a key',
      fix: 'create a multi-region trail with management events (read and write), and keep it logging',
    });
  const guardDutyOff = facts.regions.filter((r) => facts.guardDuty[r] !== true);
  for (const region of guardDutyOff)
    findings.push({
      check: 'guardduty-disabled',
      severity: 'high',
      subject: region,
      title: `GuardDuty is not enabled in ${region}: credential misuse there raises no finding`,
      fix: `enable GuardDuty in ${region} (delegated administrator: auto-enable for the organization)`,
    });
  const { slack, responders, memberRoles } = facts.rekey;
  if (!slack.configured || slack.reachable === false)
    findings.push({
      check: 'rekey-slack',
      severity: 'high',
      subject: 'slack',
      title: slack.configured
        ? `Slack is configured but not reachable${slack.detail ? `: ${slack.detail}` : ''}`
        : 'Slack is not connected: approvals can only time out and escalate',
      fix: 'connect Slack (docs/connecting-slack.md) and check the bot token',
    });
  if (responders === 0)
    findings.push({
      check: 'rekey-responders',
      severity: 'high',
      subject: 'responders',
      title: 'no responders are configured: nobody can approve a containment',
      fix: 'list responders (Slack user ids, or a Slack user group)',
    });
  for (const [account, present] of Object.entries(memberRoles))
    if (!present)
      findings.push({
        check: 'rekey-member-role',
        severity: 'high',
        subject: account,
        title: `Rekey's member role is missing in ${account}: nothing there can be contained`,
        fix: 'deploy resources/member-role.cfn.yml to the account (a StackSet for the organization)',
      });
  findings.sort(
    (a, b) =>
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      a.check.localeCompare(b.check) ||
      a.subject.localeCompare(b.subject),
  );
  const score = Math.max(0, 100 - findings.reduce((sum, f) => sum + PENALTY[f.severity], 0));
  const blockedArns = new Set(blocked.map((b) => b.principal.arn));
  const users = facts.principals.filter((p) => p.kind === 'user');
  const roles = facts.principals.filter((p) => p.kind === 'role');
  const rotatable = secrets.filter((s) => s.rotation !== 'none');
  const blockedBy = new Map(blocked.map((b) => [b.principal.arn, b.reason] as const));
  const principals = facts.principals.map(
    (p): PrincipalAssessment => ({
      kind: p.kind,
      name: p.name,
      arn: p.arn,
      ...(blockedBy.has(p.arn) ? { uncontainable: blockedBy.get(p.arn) } : {}),
      activeKeys: p.accessKeys
        .filter((k) => k.status === 'Active')
        .map((k) => ({
          id: k.id,
          ageDays: days(now - Date.parse(k.createdAt)),
          ...(k.lastUsedAt ? { lastUsedAt: k.lastUsedAt } : {}),
        })),
      secretsReadable: secrets.filter((s) => s.readers.includes(p.arn)).map((s) => s.name),
    }),
  );
  return {
    accountId: facts.accountId,
    at: facts.at,
    score,
    findings,
    secrets,
    principals,
    unread: facts.unread,
    playbooks: [
      {
        playbook: 'exposed-access-key',
        today: `can contain ${keyHolders.filter((u) => !blockedArns.has(u.arn)).length} of ${keyHolders.length} principals with active keys`,
      },
      {
        playbook: 'exposed-secret',
        today: `can rotate ${rotatable.length} of ${secrets.length} secrets (${secrets.filter((s) => s.rotation === 'stuck').length} after repairing a stuck rotation); the rest are a manual task for their owners`,
      },
      {
        playbook: 'compromised-role-session',
        today: `can revoke the sessions of ${roles.filter((r) => !blockedArns.has(r.arn)).length} of ${roles.length} roles`,
      },
      {
        playbook: 'suspicious-console-login',
        today: `can end the console access of ${users.filter((u) => !blockedArns.has(u.arn)).length} of ${users.length} users`,
      },
    ],
    detection: [
      trail
        ? `CloudTrail: trail ${trail.name} records management events in every region`
        : 'CloudTrail: no usable trail',
      `GuardDuty: enabled in ${facts.regions.length - guardDutyOff.length} of ${facts.regions.length} regions`,
    ],
  };
}
