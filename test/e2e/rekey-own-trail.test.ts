import { describe, expect, it } from 'vitest';
import { rekeyEventId } from '../../src/adapters/sandbox/rekey-trail.js';
import type { SandboxAccount } from '../../src/adapters/sandbox/sandbox-account.js';
import { drillNamed, runInTemp } from '../support/drills.js';

/** Rekey's own records in an account's CloudTrail (the sandbox ids the n-th record so when Rekey made the call). */
const ownRecords = (account: SandboxAccount) =>
  account.auditEvents.filter((e, i) => e.eventId === rekeyEventId(account.id, i + 1));

/** The calls of the account's call log Rekey made (Identity Center's own provisioning is AWS's, not Rekey's). */
const rekeyCalls = (account: SandboxAccount) =>
  account.apiCalls.filter((c) => !c.operation.includes('(by Identity Center)'));

/** The codes a service answers a read of something that is not there with. */
const NOT_THERE = new Set(['ResourceNotFoundException', 'NoSuchEntityException']);

describe("Rekey's own calls in the drill world's CloudTrail", () => {
  it('records the refused UpdateAccessKey in the member account, by its role session, with AWS AccessDenied, and escalates', async () => {
    const report = await runInTemp(drillNamed('member-role-refused-in-cloudtrail'));
    expect(report.results.filter((r) => !r.passed)).toEqual([]);
    expect(report.sandbox.apiCalls.map((c) => c.operation)).toContain('UpdateAccessKey (refused)');
    expect(ownRecords(report.sandbox).find((e) => e.errorCode === 'AccessDenied')).toMatchObject({
      eventName: 'UpdateAccessKey',
      eventSource: 'iam.amazonaws.com',
      principalType: 'AssumedRole',
      principalArn: 'arn:aws:sts::444455556666:assumed-role/rekey-member/rekey',
      sessionIssuerArn: 'arn:aws:iam::444455556666:role/rekey-member',
      targetUser: 'alice',
      errorCode: 'AccessDenied',
      errorMessage: expect.stringMatching(/with an explicit deny in a service control policy$/),
    });
  });

  it.each([
    'exposed-secret-stuck-rotation',
    'exfiltrated-instance-credentials',
    'identity-center-delegated-admin',
    'assume-root-blocked-by-ou-guardrail',
    'iam-throttling',
    'containment-breached',
  ])('writes every call Rekey made in %s to the CloudTrail of the account that received it', async (name) => {
    const report = await runInTemp(drillNamed(name));
    expect(report.results.filter((r) => !r.passed)).toEqual([]);
    for (const account of [report.sandbox, ...report.members]) {
      const calls = rekeyCalls(account);
      const records = ownRecords(account);
      expect(records.map((e) => e.eventName)).toEqual(
        calls.map((c) => c.operation.replace(/ \((refused|throttled)\)$/, '')),
      );
      // Refused and throttled attempts carry AWS's error code; what else failed is a service saying a thing is not
      // there (Rekey looks before it acts), never a change.
      expect(records.map((e) => e.errorCode !== undefined && !NOT_THERE.has(e.errorCode))).toEqual(
        calls.map((c) => /\((refused|throttled)\)$/.test(c.operation)),
      );
      for (const record of records.filter((e) => e.errorCode && NOT_THERE.has(e.errorCode)))
        expect(record.eventName).toMatch(/^(Get|List|Describe)/);
    }
  });
});
