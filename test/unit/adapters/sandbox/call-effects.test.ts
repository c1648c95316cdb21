import { describe, expect, it } from 'vitest';
import type { AccountSeedInput } from '../../../../src/adapters/sandbox/account-seed.js';
import { applyCall } from '../../../../src/adapters/sandbox/call-effects.js';
import { simulateCall } from '../../../../src/adapters/sandbox/request-simulator.js';
import { SandboxAccount } from '../../../../src/adapters/sandbox/sandbox-account.js';
import { ManualClock } from '../../../support/fixed-clock.js';

const ACCOUNT = '111122223333';
const MALLORY = 'arn:aws:iam::999988887777:user/mallory';
const at = new Date('2026-11-28T10:00:00Z');
const trusting = (...aws: string[]) => ({
  Version: '2012-10-17' as const,
  Statement: aws.map((p) => ({ Effect: 'Allow' as const, Principal: { AWS: p }, Action: 'sts:AssumeRole' })),
});

const seed: AccountSeedInput = {
  id: ACCOUNT,
  users: [
    {
      name: 'admin',
      managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      accessKeys: [{ id: 'AKIAADMINKEY00000001', createdAt: '2025-01-01T00:00:00Z' }],
    },
    { name: 'bob', accessKeys: [{ id: 'AKIABOBKEY0000000001', createdAt: '2025-01-01T00:00:00Z' }] },
  ],
  roles: [
    { name: 'named', trustPolicy: trusting(`arn:aws:iam::${ACCOUNT}:user/bob`) },
    { name: 'accountwide', trustPolicy: trusting(`arn:aws:iam::${ACCOUNT}:root`) },
    { name: 'opened', trustPolicy: trusting(`arn:aws:iam::${ACCOUNT}:root`, MALLORY) },
  ],
  outsiders: [{ arn: MALLORY, accessKeyIds: ['AKIAMALLORYEXTERNAL1'] }],
};

const role = (name: string) => ({ roleArn: `arn:aws:iam::${ACCOUNT}:role/${name}`, roleSessionName: 's' });
const assume = (accessKeyId: string, name: string) => ({
  accessKeyId,
  action: 'sts:AssumeRole',
  parameters: role(name),
});

describe('assuming a role in the sandbox, as STS decides it', () => {
  it("lets a user the trust policy names assume the role without a policy of its own; a trust naming only the account needs the user's", () => {
    const account = new SandboxAccount(seed, new ManualClock(at.toISOString()));
    expect(simulateCall(account, assume('AKIABOBKEY0000000001', 'named'), at).outcome).toBe('allowed');
    expect(simulateCall(account, assume('AKIABOBKEY0000000001', 'accountwide'), at).outcome).toBe(
      'implicit-deny',
    );
    expect(simulateCall(account, assume('AKIAADMINKEY00000001', 'accountwide'), at).outcome).toBe('allowed');
  });

  it('lets a principal of another account in only through a trust policy that names it, and a Deny in the trust wins', () => {
    const account = new SandboxAccount(seed, new ManualClock(at.toISOString()));
    expect(simulateCall(account, assume('AKIAMALLORYEXTERNAL1', 'opened'), at).outcome).toBe('allowed');
    expect(simulateCall(account, assume('AKIAMALLORYEXTERNAL1', 'accountwide'), at).outcome).toBe(
      'implicit-deny',
    );
    expect(
      simulateCall(account, { accessKeyId: 'AKIAMALLORYEXTERNAL1', action: 's3:ListBuckets' }, at).outcome,
    ).toBe('implicit-deny');
    const opened = account.roles.get('opened');
    if (opened)
      account.setTrustPolicy(opened, {
        ...trusting(`arn:aws:iam::${ACCOUNT}:root`, MALLORY),
        Statement: [
          ...trusting(`arn:aws:iam::${ACCOUNT}:root`, MALLORY).Statement,
          { Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 'sts:AssumeRole' },
        ],
      });
    expect(simulateCall(account, assume('AKIAMALLORYEXTERNAL1', 'opened'), at)).toMatchObject({
      outcome: 'explicit-deny',
      reason: expect.stringMatching(
        /explicit deny in a resource-based policy \(the trust policy of opened\)/,
      ),
    });
  });
});

describe('what an allowed call leaves behind', () => {
  it('makes the key, the session, the role and the trust edit it asked for, and records them as CloudTrail does', () => {
    const account = new SandboxAccount(seed, new ManualClock(at.toISOString()));
    const made = [
      { action: 'iam:CreateAccessKey', parameters: { userName: 'bob' }, creates: 'AKIABOBBACKDOOR00001' },
      { action: 'iam:CreateLoginProfile', parameters: { userName: 'bob' } },
      {
        action: 'iam:CreateRole',
        parameters: { roleName: 'backdoor', assumeRolePolicyDocument: trusting(MALLORY) },
      },
      {
        action: 'iam:UpdateAssumeRolePolicy',
        parameters: { roleName: 'accountwide', policyDocument: trusting(MALLORY) },
      },
    ].map((call) => {
      const asked = { accessKeyId: 'AKIAADMINKEY00000001', ...call };
      const effect = applyCall(account, asked, at);
      return account.recordCall({ ...asked, ...effect }, 'Success', at);
    });
    expect(account.findAccessKey('AKIABOBBACKDOOR00001')?.key.status).toBe('Active');
    expect(account.users.get('bob')?.loginProfile).toBeDefined();
    expect(account.roles.get('backdoor')?.trustPolicy).toEqual(trusting(MALLORY));
    expect(
      made.map((e) => [e.eventName, e.createdAccessKeyId ?? e.createdRole ?? e.targetRole ?? e.targetUser]),
    ).toEqual([
      ['CreateAccessKey', 'AKIABOBBACKDOOR00001'],
      ['CreateLoginProfile', 'bob'],
      ['CreateRole', 'backdoor'],
      ['UpdateAssumeRolePolicy', 'accountwide'],
    ]);
    expect(made[3]?.trustPolicy).toBe(JSON.stringify(trusting(MALLORY)));
    const session = applyCall(
      account,
      { ...assume('AKIAMALLORYEXTERNAL1', 'backdoor'), creates: 'ASIAMALLORYBACKDOOR1' },
      at,
    );
    expect(account.findSession('ASIAMALLORYBACKDOOR1')?.principal.name).toBe('backdoor');
    const recorded = account.recordCall(
      { ...assume('AKIAMALLORYEXTERNAL1', 'backdoor'), ...session },
      'Success',
      at,
    );
    // In the role's account, a cross-account caller is named by its account, never by an ARN.
    expect(recorded).toMatchObject({
      principalType: 'AWSAccount',
      issuedAccessKeyId: 'ASIAMALLORYBACKDOOR1',
    });
    expect(recorded.principalArn).toBeUndefined();
  });

  it('records a call the service itself refuses after authorising it (a user that exists already)', () => {
    const account = new SandboxAccount(seed, new ManualClock(at.toISOString()));
    const effect = applyCall(
      account,
      { accessKeyId: 'AKIAADMINKEY00000001', action: 'iam:CreateUser', parameters: { userName: 'bob' } },
      at,
    );
    expect(effect.errorCode).toBe('EntityAlreadyExistsException');
  });
});
