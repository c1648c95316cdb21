import { describe, expect, it } from 'vitest';
import { drillNamed, runInTemp } from '../support/drills.js';

const DATA = '555566667777';

describe('an organisation drill with Identity Center in the management account', () => {
  it('contains the user in every member account its permission sets are provisioned into', async () => {
    const report = await runInTemp(drillNamed('organisation-identity-center'));
    expect(report.results.filter((r) => !r.passed)).toEqual([]);
    expect(report.passed).toBe(true);
  });

  it('contains the user there too from a delegated administrator, which reads assignments account by account', async () => {
    const report = await runInTemp(
      drillNamed('organisation-identity-center', (raw) => {
        // The instance seen from the workloads account, Identity Center's delegated administrator, where Rekey's
        // Identity Center role is deployed (the management account is never its own delegated administrator).
        const [management, workloads] = raw.memberAccounts as Array<Record<string, unknown>>;
        if (!management || !workloads) return;
        workloads.identityCenter = {
          ...(management.identityCenter as object),
          calledFrom: 'delegated-administrator',
        };
        workloads.identityCenterRole = true;
        delete management.identityCenter;
        delete management.identityCenterRole;
      }),
    );
    expect(report.results.filter((r) => !r.passed)).toEqual([]);
  });

  it('fails when containment misses a member account: the attacker check bites though the playbook says contained', async () => {
    // The data account's ReadOnlyAccess assignment left out of the instance: Rekey never reprovisions there, so
    // alice's data-account session keeps working while the incident still closes as contained.
    const report = await runInTemp(
      drillNamed('organisation-identity-center', (raw) => {
        const [management] = raw.memberAccounts as Array<{
          identityCenter: { assignments: { accountId: string }[] };
        }>;
        const center = management?.identityCenter;
        if (center) center.assignments = center.assignments.filter((a) => a.accountId !== DATA);
      }),
    );
    expect(report.passed).toBe(false);
    expect(report.results.filter((r) => !r.passed).map((r) => [r.label, r.found])).toEqual([
      [
        "the attacker's s3:ListBuckets with ASIASSOALICEDATA0001 at +10m00s is explicit-deny",
        expect.stringMatching(/^allowed: /),
      ],
    ]);
    expect(report.results.find((r) => r.label === 'every incident ends contained')?.passed).toBe(true);
  });
});
