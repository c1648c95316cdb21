import { describe, expect, it } from 'vitest';
import { drillNamed, runInTemp } from '../support/drills.js';

describe('a cross-account AssumeRole made during a drill', () => {
  it("is recorded in the role's account too, as CloudTrail does: the caller as AWSAccount, one sharedEventID", async () => {
    const report = await runInTemp(drillNamed('cross-account-role-source'));
    expect(report.passed).toBe(true);
    // At 10m deploy-bot's session (tooling account) asks for deploy-role here and is refused by Rekey's deny.
    const copies = report.sandbox.auditEvents.filter(
      (e) =>
        e.eventName === 'AssumeRole' && e.principalType === 'AWSAccount' && e.errorCode === 'AccessDenied',
    );
    expect(copies).toEqual([
      expect.objectContaining({ principalAccountId: '444455556666', sharedEventId: expect.any(String) }),
    ]);
    expect(copies[0]).not.toHaveProperty('principalArn');
    expect(copies[0]).not.toHaveProperty('accessKeyId');
  });
});
