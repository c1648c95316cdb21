import type { ReadinessFacts } from '../../ports/readiness.js';
import { detectionChecks } from './detection-checks.js';
import {
  accessKeyFindings,
  assessPrincipals,
  type Blocked,
  blockedPrincipals,
  holdsActiveKey,
  uncontainableFindings,
} from './principal-checks.js';
import {
  type ReadinessFinding,
  type ReadinessReport,
  type ReadinessSettings,
  SEVERITIES,
  type SecretAssessment,
  type Severity,
} from './readiness-report.js';
import { rekeyFindings } from './rekey-checks.js';
import { assessSecret } from './secret-checks.js';

// Callers (the CLI, the drills) take the report's model from here, beside the function that makes it.
export {
  type PrincipalAssessment,
  READINESS_CHECKS,
  type ReadinessCheck,
  type ReadinessFinding,
  type ReadinessReport,
  type ReadinessSettings,
  SEVERITIES,
  type SecretAssessment,
  type Severity,
} from './readiness-report.js';
export { READERS_TAG } from './secret-readers.js';

const PENALTY: Record<Severity, number> = { critical: 25, high: 10, medium: 4, low: 1, info: 0 };

/** What each playbook could do today, in a sentence: how many of its subjects it could contain or rotate. */
function playbooksToday(
  facts: ReadinessFacts,
  secrets: SecretAssessment[],
  blocked: Blocked[],
): ReadinessReport['playbooks'] {
  const blockedArns = new Set(blocked.map((b) => b.principal.arn));
  const keyHolders = facts.principals.filter(holdsActiveKey);
  const users = facts.principals.filter((p) => p.kind === 'user');
  const roles = facts.principals.filter((p) => p.kind === 'role');
  const rotatable = secrets.filter((s) => s.rotation !== 'none');
  return [
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
  ];
}

/** Most urgent first: by severity, then check, then subject. */
const byUrgency = (a: ReadinessFinding, b: ReadinessFinding) =>
  SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
  a.check.localeCompare(b.check) ||
  a.subject.localeCompare(b.subject);

/** Assesses the gathered facts: the findings, most urgent first, and what each playbook could do today. */
export function assessReadiness(facts: ReadinessFacts, settings: ReadinessSettings): ReadinessReport {
  const now = Date.parse(facts.at);
  const secretFindings: ReadinessFinding[] = [];
  const secrets = facts.secrets.map((s) =>
    assessSecret(s, facts.accountId, facts.principals, now, secretFindings),
  );
  const blocked = blockedPrincipals(facts.principals, settings, facts.rekey.identityCenter);
  const detection = detectionChecks(facts);
  const findings = [
    ...secretFindings,
    ...accessKeyFindings(facts.principals, settings, now),
    ...uncontainableFindings(blocked),
    ...detection.findings,
    ...rekeyFindings(facts.rekey),
  ].sort(byUrgency);
  const score = Math.max(0, 100 - findings.reduce((sum, f) => sum + PENALTY[f.severity], 0));
  return {
    accountId: facts.accountId,
    at: facts.at,
    score,
    findings,
    secrets,
    principals: assessPrincipals(facts.principals, blocked, secrets, now),
    unread: facts.unread,
    playbooks: playbooksToday(facts, secrets, blocked),
    detection: detection.detection,
  };
}
