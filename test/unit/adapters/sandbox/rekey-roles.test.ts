import { describe, expect, it } from 'vitest';
import { SandboxAccount } from '../../../../src/adapters/sandbox/sandbox-account.js';
import { memberRole } from '../../../../src/drills/member-role.js';
import { ROOT } from '../../../support/drills.js';
import { ManualClock } from '../../../support/fixed-clock.js';

const ACCOUNT = '444455556666';

/** A member account as a drill simulates it: Rekey acting through the member template's two roles. */
async function account() {
  return new SandboxAccount(
    {
      id: ACCOUNT,
      users: [
        { name: 'alice', accessKeys: [{ id: 'AKIAALICEKEY00000001', createdAt: '2025-01-01T00:00:00Z' }] },
      ],
    },
    new ManualClock('2026-11-28T10:00:00Z'),
    await memberRole(ROOT, ACCOUNT, 'us-east-1'),
    undefined,
    await memberRole(ROOT, ACCOUNT, 'us-east-1', 'MemberReaderRole'),
  );
}

describe("Rekey's two roles in a member account, as the member template grants them", () => {
  it("read through the reader role, which triage uses, and not the member role, which lacks triage's reads", async () => {
    const sandbox = await account();
    await expect(sandbox.identity('reader').accessKeyLastUsed('AKIAALICEKEY00000001')).resolves.toMatchObject(
      {
        userName: 'alice',
      },
    );
    await expect(sandbox.identity('member').accessKeyLastUsed('AKIAALICEKEY00000001')).rejects.toThrow(
      /rekey-member\/rekey is not authorized to perform: iam:GetAccessKeyLastUsed/,
    );
  });

  it("attach Rekey's own managed policies only (the template's iam:PolicyARN condition, which IAM sets)", async () => {
    const sandbox = await account();
    const alice = { kind: 'user' as const, name: 'alice' };
    const deny = await sandbox.identity().createManagedPolicy(
      'rekey-deny-rk-1',
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }],
      },
      'sessions of rk-1 denied',
    );
    expect(deny).toBe(`arn:aws:iam::${ACCOUNT}:policy/rekey/rekey-deny-rk-1`);
    await expect(sandbox.identity().attachManagedPolicy(alice, deny)).resolves.toBeUndefined();
    await expect(
      sandbox.identity().attachManagedPolicy(alice, 'arn:aws:iam::aws:policy/AdministratorAccess'),
    ).rejects.toThrow(/not authorized to perform: iam:AttachUserPolicy/);
  });
});
