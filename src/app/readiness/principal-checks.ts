import { IDENTITY_CENTER_ROLE, protectionReason } from '../../domain/protection.js';
import type { PrincipalFacts } from '../../ports/readiness.js';
import {
  days,
  type PrincipalAssessment,
  type ReadinessFinding,
  type ReadinessSettings,
  type SecretAssessment,
} from './readiness-report.js';

/** A principal Rekey's playbooks could not contain, and why. */
export interface Blocked {
  principal: PrincipalFacts;
  reason: string;
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

/** The principals Rekey's playbooks could not contain (protected, or Identity Center roles it cannot reach). */
export function blockedPrincipals(
  principals: PrincipalFacts[],
  settings: ReadinessSettings,
  identityCenter: boolean,
): Blocked[] {
  return principals.flatMap((p) => {
    const reason = uncontainable(p, settings, identityCenter);
    return reason ? [{ principal: p, reason }] : [];
  });
}

/** Whether the principal has an active access key. */
export const holdsActiveKey = (p: PrincipalFacts) => p.accessKeys.some((k) => k.status === 'Active');

/** The findings on active access keys: unused ones (to delete), then old ones (to replace). */
export function accessKeyFindings(
  principals: PrincipalFacts[],
  settings: ReadinessSettings,
  now: number,
): ReadinessFinding[] {
  const maxAge = settings.keyMaxAgeDays ?? 90;
  const unusedDays = settings.keyUnusedDays ?? 90;
  const findings: ReadinessFinding[] = [];
  for (const user of principals.filter(holdsActiveKey))
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
  return findings;
}

/** A finding for each principal the playbooks could not contain: medium when it holds an active key. */
export function uncontainableFindings(blocked: Blocked[]): ReadinessFinding[] {
  return blocked.map(
    ({ principal, reason }): ReadinessFinding => ({
      check: 'iam-uncontainable-principal',
      severity: holdsActiveKey(principal) ? 'medium' : 'info',
      subject: principal.arn,
      tags: principal.tags,
      title: reason,
      fix: 'keep its runbook at hand: responders contain it by hand (the escalation checklist)',
    }),
  );
}

/** Each principal: whether it could be contained, its active keys and their age, the secrets it can read. */
export function assessPrincipals(
  principals: PrincipalFacts[],
  blocked: Blocked[],
  secrets: SecretAssessment[],
  now: number,
): PrincipalAssessment[] {
  const blockedBy = new Map(blocked.map((b) => [b.principal.arn, b.reason] as const));
  return principals.map(
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
}
