import { describe, expect, it } from 'vitest';
import { drillNamed, runInTemp } from '../support/drills.js';

const MANAGEMENT = '111100001111';

describe('Identity Center administered from a delegated administrator', () => {
  it('escalates, with dana denied in the sets it could change, when one of hers is provisioned in the management account', async () => {
    // DataReader also given to omar in the management account: AWS keeps that set out of the delegated
    // administrator's reach, so dana's data-account session cannot be cut off from there.
    const report = await runInTemp(
      drillNamed('identity-center-delegated-admin', (raw) => {
        const [, , identity] = raw.memberAccounts as Array<{
          identityCenter: { assignments: Record<string, string>[] };
        }>;
        identity?.identityCenter.assignments.push({
          accountId: MANAGEMENT,
          permissionSet: 'DataReader',
          principalType: 'USER',
          principalId: '9067a1b2c3-d4e5f6a7-omar0',
        });
      }),
    );
    expect(report.results.filter((r) => !r.passed).map((r) => [r.label, r.found])).toEqual([
      ['dana@example.com is denied in exactly DataReader, PowerUser', 'denied in PowerUser'],
      ['every incident ends contained', expect.stringMatching(/escalated/)],
      [
        "the attacker's s3:ListBuckets with ASIASSODANADATA00001 at +15m00s is explicit-deny",
        expect.stringMatching(/^allowed: /),
      ],
    ]);
  });
});
