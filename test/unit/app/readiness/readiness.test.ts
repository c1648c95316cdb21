import { describe, expect, it } from 'vitest';
import { SandboxAccount } from '../../../../src/adapters/sandbox/sandbox-account.js';
import { SandboxReadiness } from '../../../../src/adapters/sandbox/sandbox-readiness.js';
import { assessReadiness, type ReadinessReport } from '../../../../src/app/readiness/readiness.js';
import { ManualClock } from '../../../support/fixed-clock.js';
import { readinessAccount } from '../../../support/readiness-account.js';

async function report(
  changes: Partial<Parameters<typeof assessReadiness>[1]> = {},
): Promise<ReadinessReport> {
  const sandbox = new SandboxAccount(readinessAccount, new ManualClock('2026-11-28T12:00:00Z'));
  const facts = await new SandboxReadiness(sandbox, { slack: { configured: false }, responders: 0 }).gather();
  return assessReadiness(facts, { protectedPrincipals: [], ...changes });
}

const about = (r: ReadinessReport, check: string) =>
  r.findings.filter((f) => f.check === check).map((f) => f.subject.replace(/^arn:aws:\w+:[\w-]*:\d*:/, ''));

describe('the readiness report on an account built to exercise every finding', () => {
  it('reports the secret without rotation, the stuck rotation, the failed one and the overdue one', async () => {
    const r = await report();
    expect(about(r, 'secret-rotation-missing')).toEqual([
      expect.stringMatching(/^secret:prod\/legacy\/api-key-/),
    ]);
    expect(about(r, 'secret-rotation-stuck')).toEqual([expect.stringMatching(/^secret:prod\/orders\/db-/)]);
    expect(r.findings.find((f) => f.check === 'secret-rotation-stuck')?.title).toMatch(
      /AWSPENDING is stuck on v-stuck/,
    );
    expect(about(r, 'secret-rotation-overdue')).toEqual([
      expect.stringMatching(/^secret:dev\/reports\/token-/),
    ]);
    expect(r.findings.find((f) => f.check === 'secret-rotation-failed')?.title).toBe(
      "prod/reports/db's rotation failed at 2026-11-27T03:00:00Z (CloudTrail RotationFailed, 1 in 90 days) and has not succeeded since",
    );
    expect(r.secrets.map((s) => [s.name, s.rotation])).toEqual([
      ['prod/payments/db', 'working'],
      ['prod/legacy/api-key', 'none'],
      ['prod/orders/db', 'stuck'],
      ['prod/reports/db', 'failed'],
      ['dev/reports/token', 'overdue'],
      ['shared/public', 'working'],
    ]);
  });

  it('tells who can read each secret, and reports a reader the secret does not declare', async () => {
    const r = await report();
    const payments = r.secrets.find((s) => s.name === 'prod/payments/db');
    expect(payments?.readers).toEqual([
      'arn:aws:iam::111122223333:role/payments-app',
      'arn:aws:iam::111122223333:role/ops-admin',
    ]);
    expect(payments?.unexpectedReaders).toEqual(['arn:aws:iam::111122223333:role/ops-admin']);
    expect(r.findings.filter((f) => f.check === 'secret-unexpected-reader').map((f) => f.title)).toEqual([
      expect.stringMatching(
        /role\/ops-admin can read prod\/payments\/db but is not one of its declared readers/,
      ),
    ]);
    // The payments app reads only its own secrets; the legacy key declares nobody.
    expect(r.secrets.find((s) => s.name === 'prod/legacy/api-key')?.readers).toEqual([
      'arn:aws:iam::111122223333:role/ops-admin',
    ]);
    expect(about(r, 'secret-readers-undeclared')).toEqual([expect.stringMatching(/prod\/legacy\/api-key/)]);
    expect(about(r, 'secret-public')).toEqual([expect.stringMatching(/shared\/public/)]);
  });

  it('reports encryption, long-lived and unused keys, principals Rekey could not contain, and detection gaps', async () => {
    const r = await report();
    expect(about(r, 'secret-aws-managed-key')).toEqual([expect.stringMatching(/prod\/legacy\/api-key/)]);
    expect(about(r, 'iam-old-access-key')).toEqual(['user/ci']);
    expect(about(r, 'iam-unused-access-key')).toEqual(['user/stale']);
    expect(about(r, 'iam-uncontainable-principal').sort()).toEqual([
      'role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef',
      'role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport',
      'user/break-glass',
    ]);
    expect(about(r, 'cloudtrail-management-events')).toEqual(['111122223333']);
    expect(about(r, 'guardduty-disabled')).toEqual(['eu-west-1']);
    expect(about(r, 'rekey-slack')).toEqual(['slack']);
    expect(about(r, 'rekey-responders')).toEqual(['responders']);
  });

  it('says for each principal whether it could be contained, its active keys and the secrets it can read', async () => {
    const r = await report();
    const byName = new Map(r.principals.map((p) => [p.name, p]));
    expect(byName.get('ci')).toMatchObject({
      activeKeys: [{ id: 'AKIAREADYCIKEY000001', ageDays: 687, lastUsedAt: '2026-11-27T10:00:00Z' }],
      // Only the public one: anyone may read it.
      secretsReadable: ['shared/public'],
    });
    expect(byName.get('ci')).not.toHaveProperty('uncontainable');
    expect(byName.get('break-glass')?.uncontainable).toMatch(/tagged rekey:protected/);
    expect(byName.get('payments-app')?.secretsReadable).toEqual(['prod/payments/db', 'shared/public']);
    expect(byName.get('ops-admin')?.secretsReadable).toHaveLength(6);
  });

  it('scores by severity, most urgent first, and says what each playbook could do today', async () => {
    const r = await report();
    expect(r.findings[0]?.severity).toBe('critical');
    expect(r.score).toBeLessThan(50);
    expect(r.playbooks.find((p) => p.playbook === 'exposed-secret')?.today).toBe(
      'can rotate 5 of 6 secrets (1 after repairing a stuck rotation); the rest are a manual task for their owners',
    );
    expect(r.playbooks.find((p) => p.playbook === 'exposed-access-key')?.today).toBe(
      'can contain 3 of 4 principals with active keys',
    );
  });

  it('a clean account scores 100', async () => {
    const sandbox = new SandboxAccount(
      {
        ...readinessAccount,
        users: [],
        roles: [],
        secrets: [],
        monitoring: {
          trails: [{ name: 'org', multiRegion: true, logging: true, managementEvents: true }],
          guardDuty: { 'us-east-1': true, 'eu-west-1': true },
        },
      },
      new ManualClock('2026-11-28T12:00:00Z'),
    );
    const facts = await new SandboxReadiness(sandbox, {
      slack: { configured: true, reachable: true },
      responders: 2,
    }).gather();
    const r = assessReadiness(facts, { protectedPrincipals: [] });
    expect(r.findings).toEqual([]);
    expect(r.score).toBe(100);
  });

  it('reports an account where the member role of Rekey is missing', async () => {
    const sandbox = new SandboxAccount(readinessAccount, new ManualClock('2026-11-28T12:00:00Z'));
    const facts = await new SandboxReadiness(sandbox, {
      slack: { configured: true, reachable: false, detail: 'invalid_auth' },
      responders: 1,
    }).gather();
    const r = assessReadiness(
      { ...facts, rekey: { ...facts.rekey, memberRoles: { '111122223333': true, '222233334444': false } } },
      { protectedPrincipals: [] },
    );
    expect(about(r, 'rekey-member-role')).toEqual(['222233334444']);
    expect(r.findings.find((f) => f.check === 'rekey-slack')?.title).toBe(
      'Slack is configured but not reachable: invalid_auth',
    );
    expect(about(r, 'rekey-responders')).toEqual([]);
  });

  it('counts an Identity Center role as containable where Rekey reaches Identity Center', async () => {
    const sandbox = new SandboxAccount(readinessAccount, new ManualClock('2026-11-28T12:00:00Z'));
    const facts = await new SandboxReadiness(sandbox, {
      slack: { configured: false },
      responders: 0,
    }).gather();
    const r = assessReadiness(
      { ...facts, rekey: { ...facts.rekey, identityCenter: true } },
      { protectedPrincipals: [] },
    );
    expect(about(r, 'iam-uncontainable-principal')).not.toContain(
      'role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef',
    );
  });
});
