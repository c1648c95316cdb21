import { describe, expect, it } from 'vitest';
import type { AccountSeedInput } from '../../../../src/adapters/sandbox/account-seed.js';
import { simulateCall } from '../../../../src/adapters/sandbox/request-simulator.js';
import { INLINE_POLICY_QUOTA, SandboxAccount } from '../../../../src/adapters/sandbox/sandbox-account.js';
import { revokeSessionsPolicy } from '../../../../src/domain/deny-policy.js';
import { NotFoundError, PolicyQuotaExceededError } from '../../../../src/domain/errors.js';
import type { PolicyDocument } from '../../../../src/domain/policy-document.js';
import { ManualClock } from '../../../support/fixed-clock.js';

const seed: AccountSeedInput = {
  id: '111122223333',
  users: [
    {
      name: 'alice',
      managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      accessKeys: [
        { id: 'AKIAIOSFODNN7EXAMPLE', createdAt: '2025-03-02T10:00:00Z' },
        { id: 'AKIAI44QH8DHBEXAMPLE', createdAt: '2026-06-01T10:00:00Z' },
      ],
      sessions: [
        { id: 'ASIAQNZGKIQY56JQ7WML', issuedAt: '2026-11-28T08:55:12Z', expiresAt: '2026-11-28T20:55:12Z' },
      ],
    },
  ],
  roles: [{ name: 'deployer', managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] }],
};

function bigPolicy(characters: number): PolicyDocument {
  const skeleton = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: '', Effect: 'Deny', Action: 'x:y', Resource: '*' }],
  });
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'S'.repeat(characters - skeleton.length), Effect: 'Deny', Action: 'x:y', Resource: '*' },
    ],
  };
}

describe('the sandbox account', () => {
  it('finds the owner of a key and its last use, as iam:GetAccessKeyLastUsed does', async () => {
    const account = new SandboxAccount(seed, new ManualClock('2026-11-28T09:00:00Z'));
    await expect(account.identity().accessKeyLastUsed('AKIAI44QH8DHBEXAMPLE')).resolves.toEqual({
      userName: 'alice',
    });
    await expect(account.identity().accessKeyLastUsed('AKIAZZZZZZZZZZZZZZZZ')).resolves.toBeUndefined();
  });

  it('deactivates one key, records when, and leaves its siblings alone', async () => {
    const clock = new ManualClock('2026-11-28T09:04:00Z');
    const account = new SandboxAccount(seed, clock);
    await account.identity().updateAccessKeyStatus('alice', 'AKIAIOSFODNN7EXAMPLE', 'Inactive');
    expect(account.findAccessKey('AKIAIOSFODNN7EXAMPLE')?.key).toMatchObject({
      status: 'Inactive',
      statusChangedAt: '2026-11-28T09:04:00.000Z',
    });
    expect(account.findAccessKey('AKIAI44QH8DHBEXAMPLE')?.key.status).toBe('Active');
  });

  it('answers NoSuchEntity as NotFoundError', async () => {
    const account = new SandboxAccount(seed, new ManualClock('2026-11-28T09:00:00Z'));
    await expect(
      account.identity().updateAccessKeyStatus('mallory', 'AKIAIOSFODNN7EXAMPLE', 'Inactive'),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      account.identity().deleteInlinePolicy({ kind: 'user', name: 'alice' }, 'nope'),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('enforces the 2,048-character inline quota per user, whitespace not counted', async () => {
    const account = new SandboxAccount(seed, new ManualClock('2026-11-28T09:00:00Z'));
    const identity = account.identity();
    await identity.putInlinePolicy({ kind: 'user', name: 'alice' }, 'a', bigPolicy(1500));
    await expect(
      identity.putInlinePolicy({ kind: 'user', name: 'alice' }, 'b', bigPolicy(600)),
    ).rejects.toBeInstanceOf(PolicyQuotaExceededError);
    await identity.putInlinePolicy({ kind: 'user', name: 'alice' }, 'a', bigPolicy(INLINE_POLICY_QUOTA.user));
    expect(await identity.listInlinePolicyNames({ kind: 'user', name: 'alice' })).toEqual(['a']);
  });

  it('enforces the 10,240-character inline quota per role', () => {
    const account = new SandboxAccount(seed, new ManualClock('2026-11-28T09:00:00Z'));
    const role = account.roles.get('deployer');
    if (!role) throw new Error('seed has the role');
    account.putInlinePolicy(role, 'a', bigPolicy(9000));
    expect(() => account.putInlinePolicy(role, 'b', bigPolicy(2000))).toThrow(PolicyQuotaExceededError);
    expect(() => account.putInlinePolicy(role, 'b', bigPolicy(1240))).not.toThrow();
  });
});

describe('whether a request would go through', () => {
  it('refuses a call signed with an inactive key as an invalid token, before any policy', async () => {
    const account = new SandboxAccount(seed, new ManualClock('2026-11-28T09:04:00Z'));
    await account.identity().updateAccessKeyStatus('alice', 'AKIAIOSFODNN7EXAMPLE', 'Inactive');
    const verdict = simulateCall(
      account,
      { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', action: 's3:ListBuckets' },
      new Date('2026-11-28T09:20:00Z'),
    );
    expect(verdict).toMatchObject({ outcome: 'invalid-token', code: 'InvalidClientTokenId' });
  });

  it('denies a session issued before the cut-off and names the policy', async () => {
    const account = new SandboxAccount(seed, new ManualClock('2026-11-28T09:04:00Z'));
    await account
      .identity()
      .putInlinePolicy(
        { kind: 'user', name: 'alice' },
        'revoke',
        revokeSessionsPolicy(new Date('2026-11-28T09:04:00Z')),
      );
    const verdict = simulateCall(
      account,
      { accessKeyId: 'ASIAQNZGKIQY56JQ7WML', action: 's3:ListBuckets' },
      new Date('2026-11-28T09:20:00Z'),
    );
    expect(verdict).toMatchObject({ outcome: 'explicit-deny', code: 'AccessDenied', policy: 'revoke' });
  });

  it('lets a session keep working when the only change is the key going inactive', async () => {
    const account = new SandboxAccount(seed, new ManualClock('2026-11-28T09:04:00Z'));
    await account.identity().updateAccessKeyStatus('alice', 'AKIAIOSFODNN7EXAMPLE', 'Inactive');
    const verdict = simulateCall(
      account,
      { accessKeyId: 'ASIAQNZGKIQY56JQ7WML', action: 's3:ListBuckets' },
      new Date('2026-11-28T09:20:00Z'),
    );
    expect(verdict.outcome).toBe('allowed');
  });

  it('does not let the TokenIssueTime deny touch long-term keys, and answers GetCallerIdentity whatever the policies', async () => {
    const account = new SandboxAccount(seed, new ManualClock('2026-11-28T09:04:00Z'));
    await account
      .identity()
      .putInlinePolicy(
        { kind: 'user', name: 'alice' },
        'revoke',
        revokeSessionsPolicy(new Date('2026-11-28T09:04:00Z')),
      );
    const at = new Date('2026-11-28T09:20:00Z');
    expect(
      simulateCall(account, { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', action: 's3:PutObject' }, at).outcome,
    ).toBe('allowed');
    expect(
      simulateCall(account, { accessKeyId: 'ASIAQNZGKIQY56JQ7WML', action: 'sts:GetCallerIdentity' }, at)
        .outcome,
    ).toBe('allowed');
  });

  it('refuses an expired session and an unknown credential', () => {
    const account = new SandboxAccount(seed, new ManualClock('2026-11-28T09:00:00Z'));
    expect(
      simulateCall(
        account,
        { accessKeyId: 'ASIAQNZGKIQY56JQ7WML', action: 's3:ListBuckets' },
        new Date('2026-11-29T00:00:00Z'),
      ).code,
    ).toBe('ExpiredToken');
    expect(
      simulateCall(
        account,
        { accessKeyId: 'AKIAZZZZZZZZZZZZZZZZ', action: 's3:ListBuckets' },
        new Date('2026-11-28T09:00:00Z'),
      ).code,
    ).toBe('InvalidClientTokenId');
  });

  it("reads a secret's resource policy with the caller's: an allow in either suffices, a deny in either wins", async () => {
    const withSecret: AccountSeedInput = {
      id: '111122223333',
      roles: [
        {
          name: 'app',
          sessions: [{ id: 'ASIAAPPSESSION000001', sessionName: 's', issuedAt: '2026-11-28T09:00:00Z' }],
        },
        {
          name: 'ci',
          managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
          sessions: [{ id: 'ASIACISESSION0000001', sessionName: 's', issuedAt: '2026-11-28T09:00:00Z' }],
        },
      ],
      secrets: [
        {
          name: 'db',
          resourcePolicy: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: 'arn:aws:iam::111122223333:role/app' },
                Action: 'secretsmanager:GetSecretValue',
                Resource: '*',
              },
            ],
          },
        },
      ],
    };
    const account = new SandboxAccount(withSecret, new ManualClock('2026-11-28T09:04:00Z'));
    const read = (accessKeyId: string) =>
      simulateCall(
        account,
        {
          accessKeyId,
          action: 'secretsmanager:GetSecretValue',
          resource: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf',
        },
        new Date('2026-11-28T09:20:00Z'),
      );
    expect(read('ASIAAPPSESSION000001')).toMatchObject({
      outcome: 'allowed',
      policy: 'the resource policy of db',
    });
    const secrets = account.secretsPort();
    const policy = (await secrets.getResourcePolicy('db')) as PolicyDocument;
    await secrets.putResourcePolicy('db', {
      ...policy,
      Statement: [
        ...(policy.Statement as object[]),
        {
          Effect: 'Deny',
          Principal: { AWS: 'arn:aws:iam::111122223333:role/ci' },
          Action: 'secretsmanager:GetSecretValue',
          Resource: '*',
        },
      ],
    } as PolicyDocument);
    expect(read('ASIACISESSION0000001')).toMatchObject({ outcome: 'explicit-deny' });
    expect(read('ASIACISESSION0000001').reason).toMatch(/resource-based policy/);
    expect(read('ASIAAPPSESSION000001').outcome).toBe('allowed');
  });
});
