import { describe, expect, it } from 'vitest';
import type { AccountSeedInput } from '../../../../src/adapters/sandbox/account-seed.js';
import { simulateCall } from '../../../../src/adapters/sandbox/request-simulator.js';
import { SandboxAccount } from '../../../../src/adapters/sandbox/sandbox-account.js';
import { revokeSessionsPolicy } from '../../../../src/domain/deny-policy.js';
import { ManualClock } from '../../../support/fixed-clock.js';

const readBuckets = {
  Version: '2012-10-17' as const,
  Statement: [{ Effect: 'Allow' as const, Action: 's3:ListBucket*', Resource: '*' }],
};

/** dana, whose key minted a GetSessionToken session and a GetFederationToken session (with a session policy). */
const seed: AccountSeedInput = {
  id: '111122223333',
  users: [
    {
      name: 'dana',
      managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      accessKeys: [{ id: 'AKIADANAKEY000000001', createdAt: '2026-01-01T00:00:00Z' }],
      sessions: [
        {
          id: 'ASIADANASESSION00001',
          issuedAt: '2026-11-28T08:00:00Z',
          expiresAt: '2026-11-29T20:00:00Z',
          issuedBy: 'AKIADANAKEY000000001',
        },
        {
          id: 'ASIADANAFEDERATED001',
          issuedAt: '2026-11-28T08:10:00Z',
          issuedBy: 'AKIADANAKEY000000001',
          federatedName: 'dana-tool',
          sessionPolicy: readBuckets,
        },
        {
          id: 'ASIADANANOPOLICY0001',
          issuedAt: '2026-11-28T08:20:00Z',
          issuedBy: 'AKIADANAKEY000000001',
          federatedName: 'bare',
        },
      ],
    },
  ],
};

const at = new Date('2026-11-28T09:30:00Z');
const call = (accessKeyId: string, action: string) => ({ accessKeyId, action });

describe("a user's temporary credentials, as AWS decides their calls", () => {
  it('refuses IAM calls from a GetSessionToken session without MFA, and any federated session, as an invalid token', () => {
    const account = new SandboxAccount(seed, new ManualClock(at.toISOString()));
    expect(simulateCall(account, call('ASIADANASESSION00001', 'iam:CreateAccessKey'), at)).toMatchObject({
      outcome: 'invalid-token',
      code: 'InvalidClientTokenId',
    });
    expect(simulateCall(account, call('ASIADANAFEDERATED001', 'iam:ListUsers'), at).outcome).toBe(
      'invalid-token',
    );
    expect(simulateCall(account, call('ASIADANASESSION00001', 's3:ListBuckets'), at).outcome).toBe('allowed');
  });

  it('lets STS take only AssumeRole from a GetSessionToken session, and only GetCallerIdentity from a federated one', () => {
    const account = new SandboxAccount(seed, new ManualClock(at.toISOString()));
    expect(simulateCall(account, call('ASIADANASESSION00001', 'sts:AssumeRole'), at).outcome).toBe('allowed');
    expect(simulateCall(account, call('ASIADANASESSION00001', 'sts:GetSessionToken'), at)).toMatchObject({
      outcome: 'implicit-deny',
      reason: expect.stringMatching(/with session credentials/),
    });
    expect(simulateCall(account, call('ASIADANAFEDERATED001', 'sts:AssumeRole'), at).outcome).toBe(
      'implicit-deny',
    );
  });

  it("grants a federated user only what both the user's policies and the session policy allow, and nothing without one", () => {
    const account = new SandboxAccount(seed, new ManualClock(at.toISOString()));
    expect(simulateCall(account, call('ASIADANAFEDERATED001', 's3:ListBucket'), at)).toMatchObject({
      outcome: 'allowed',
      principalArn: 'arn:aws:sts::111122223333:federated-user/dana-tool',
    });
    expect(simulateCall(account, call('ASIADANAFEDERATED001', 'ec2:DescribeInstances'), at)).toMatchObject({
      outcome: 'implicit-deny',
      reason: expect.stringMatching(/no session policy allows/),
    });
    expect(simulateCall(account, call('ASIADANANOPOLICY0001', 's3:ListBucket'), at).outcome).toBe(
      'implicit-deny',
    );
  });

  it("cuts off both kinds of session with the user's TokenIssueTime deny, after the minting key is inactive", async () => {
    const account = new SandboxAccount(seed, new ManualClock(at.toISOString()));
    await account.identity().updateAccessKeyStatus('dana', 'AKIADANAKEY000000001', 'Inactive');
    expect(simulateCall(account, call('ASIADANAFEDERATED001', 's3:ListBucket'), at).outcome).toBe('allowed');
    await account
      .identity()
      .putInlinePolicy({ kind: 'user', name: 'dana' }, 'revoke', revokeSessionsPolicy(new Date(at)));
    for (const session of ['ASIADANASESSION00001', 'ASIADANAFEDERATED001'])
      expect(simulateCall(account, call(session, 's3:ListBucket'), at)).toMatchObject({
        outcome: 'explicit-deny',
        policy: 'revoke',
      });
  });

  it('holds the minting records as CloudTrail writes them: the long-term key calls, the session key is in the response', async () => {
    const account = new SandboxAccount(seed, new ManualClock(at.toISOString()));
    const trail = account.auditTrailPort();
    const window = [new Date('2026-11-27T00:00:00Z'), at, 100] as const;
    const tokens = await trail.eventsByName('GetSessionToken', ...window);
    expect(tokens.events).toEqual([
      expect.objectContaining({
        eventSource: 'sts.amazonaws.com',
        accessKeyId: 'AKIADANAKEY000000001',
        principalType: 'IAMUser',
        principalArn: 'arn:aws:iam::111122223333:user/dana',
        issuedAccessKeyId: 'ASIADANASESSION00001',
      }),
    ]);
    const federation = await trail.eventsByName('GetFederationToken', ...window);
    expect(federation.events[0]).toMatchObject({
      accessKeyId: 'AKIADANAKEY000000001',
      issuedAccessKeyId: 'ASIADANAFEDERATED001',
      federatedUserArn: 'arn:aws:sts::111122223333:federated-user/dana-tool',
    });
  });

  it("records a federated user's calls as FederatedUser, issued by the IAM user", () => {
    const account = new SandboxAccount(seed, new ManualClock(at.toISOString()));
    const verdict = simulateCall(account, call('ASIADANAFEDERATED001', 's3:ListBucket'), at);
    const event = account.recordCall(call('ASIADANAFEDERATED001', 's3:ListBucket'), verdict.code, at);
    expect(event).toMatchObject({
      principalType: 'FederatedUser',
      principalArn: 'arn:aws:sts::111122223333:federated-user/dana-tool',
      sessionIssuerArn: 'arn:aws:iam::111122223333:user/dana',
      accessKeyId: 'ASIADANAFEDERATED001',
    });
  });
});

describe('minting a session with a long-term key', () => {
  it('lets any active key call GetSessionToken whatever its policies deny: only deactivating the key stops it', async () => {
    const account = new SandboxAccount(seed, new ManualClock(at.toISOString()));
    await account.identity().putInlinePolicy({ kind: 'user', name: 'dana' }, 'deny-all', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }],
    });
    expect(simulateCall(account, call('AKIADANAKEY000000001', 'sts:GetSessionToken'), at).outcome).toBe(
      'allowed',
    );
    expect(simulateCall(account, call('AKIADANAKEY000000001', 'sts:GetFederationToken'), at).outcome).toBe(
      'explicit-deny',
    );
    await account.identity().updateAccessKeyStatus('dana', 'AKIADANAKEY000000001', 'Inactive');
    expect(simulateCall(account, call('AKIADANAKEY000000001', 'sts:GetSessionToken'), at).outcome).toBe(
      'invalid-token',
    );
  });
});
