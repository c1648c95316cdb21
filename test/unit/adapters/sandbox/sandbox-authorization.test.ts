// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${key} in policies
import { describe, expect, it } from 'vitest';
import type { AccountSeedInput } from '../../../../src/adapters/sandbox/account-seed.js';
import { simulateCall } from '../../../../src/adapters/sandbox/request-simulator.js';
import { SandboxAccount } from '../../../../src/adapters/sandbox/sandbox-account.js';
import { ManualClock } from '../../../support/fixed-clock.js';

const ACCOUNT = '111122223333';
const at = new Date('2026-11-28T10:00:00Z');
const key = (id: string) => [{ id, createdAt: '2025-01-01T00:00:00Z' }];
const allow = (Action: string, Resource: string) => ({
  Version: '2012-10-17' as const,
  Statement: [{ Effect: 'Allow' as const, Action, Resource }],
});

const seed = (extra: Partial<AccountSeedInput> = {}): AccountSeedInput => ({
  id: ACCOUNT,
  users: [
    {
      name: 'alice',
      managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      accessKeys: key('AKIAALICEKEY00000001'),
    },
    {
      name: 'bounded',
      managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/s3-only`,
      accessKeys: key('AKIABOUNDEDKEY000001'),
    },
    {
      name: 'carol',
      inlinePolicies: {
        own: allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*'),
        shared: allow('s3:GetObject', 'arn:aws:s3:::shared/*'),
      },
      accessKeys: key('AKIACAROLKEY00000001'),
      sessions: [
        {
          id: 'ASIAFEDERATED0000001',
          issuedAt: '2026-11-28T09:00:00Z',
          expiresAt: '2026-11-28T21:00:00Z',
          federatedName: 'carol-app',
          sessionPolicy: allow('s3:GetObject', 'arn:aws:s3:::*/reports/*'),
        },
      ],
    },
  ],
  policies: [{ name: 's3-only', document: allow('s3:*', '*') }],
  ...extra,
});
const call = (accessKeyId: string, action: string, resource: string) => ({ accessKeyId, action, resource });

describe('the sandbox decides calls with IAM’s full evaluation logic', () => {
  it('refuses what an SCP allow-list leaves out, even to an administrator, and allows what it lists', () => {
    const organization = {
      managementAccountId: '999900001111',
      policies: [
        { id: 'p-allowlist1', name: 'allow-list', document: allow('s3:*', '*'), targets: [ACCOUNT] },
      ],
    };
    const account = new SandboxAccount(seed({ organization }), new ManualClock(at.toISOString()));
    const terminate = simulateCall(
      account,
      call('AKIAALICEKEY00000001', 'ec2:TerminateInstances', `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-1`),
      at,
    );
    expect(terminate).toMatchObject({ outcome: 'implicit-deny', code: 'AccessDenied' });
    expect(terminate.reason).toContain('no service control policy allows it');
    expect(
      simulateCall(account, call('AKIAALICEKEY00000001', 's3:GetObject', 'arn:aws:s3:::b/k'), at).outcome,
    ).toBe('allowed');
  });

  it('keeps AWS’s FullAWSAccess where an SCP only denies', () => {
    const organization = {
      managementAccountId: '999900001111',
      policies: [
        {
          id: 'p-guardrail',
          name: 'guardrail',
          document: {
            Version: '2012-10-17' as const,
            Statement: [{ Effect: 'Deny' as const, Action: 's3:DeleteBucket', Resource: '*' }],
          },
          targets: [ACCOUNT],
        },
      ],
    };
    const account = new SandboxAccount(seed({ organization }), new ManualClock(at.toISOString()));
    expect(
      simulateCall(
        account,
        call(
          'AKIAALICEKEY00000001',
          'ec2:TerminateInstances',
          `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-1`,
        ),
        at,
      ).outcome,
    ).toBe('allowed');
    expect(
      simulateCall(account, call('AKIAALICEKEY00000001', 's3:DeleteBucket', 'arn:aws:s3:::b'), at).outcome,
    ).toBe('explicit-deny');
  });

  it('bounds an administrator by its permissions boundary', () => {
    const account = new SandboxAccount(seed(), new ManualClock(at.toISOString()));
    const iam = simulateCall(
      account,
      call('AKIABOUNDEDKEY000001', 'iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/x`),
      at,
    );
    expect(iam.outcome).toBe('implicit-deny');
    expect(iam.reason).toContain('no permissions boundary policy allows it');
    expect(
      simulateCall(account, call('AKIABOUNDEDKEY000001', 's3:GetObject', 'arn:aws:s3:::b/k'), at).outcome,
    ).toBe('allowed');
  });

  it('resolves ${aws:username} in a resource, and limits a federated session to its session policy', () => {
    const account = new SandboxAccount(seed(), new ManualClock(at.toISOString()));
    const get = (keyId: string, resource: string) =>
      simulateCall(account, call(keyId, 's3:GetObject', resource), at);
    expect(get('AKIACAROLKEY00000001', 'arn:aws:s3:::home/carol/reports/q1.csv').outcome).toBe('allowed');
    expect(get('AKIACAROLKEY00000001', 'arn:aws:s3:::home/alice/reports/q1.csv').outcome).toBe(
      'implicit-deny',
    );
    expect(get('ASIAFEDERATED0000001', 'arn:aws:s3:::shared/reports/q1.csv').outcome).toBe('allowed');
    const outside = get('ASIAFEDERATED0000001', 'arn:aws:s3:::shared/private.txt');
    expect(outside.outcome).toBe('implicit-deny');
    expect(outside.reason).toContain('no session policy allows it');
    // A federated user's session has no aws:username: the policy written with it grants the session nothing.
    expect(get('ASIAFEDERATED0000001', 'arn:aws:s3:::home/carol/reports/q1.csv').outcome).toBe(
      'implicit-deny',
    );
  });

  it('refuses a seed that names an AWS managed policy AWS does not have', () => {
    const unknown = seed({
      roles: [{ name: 'r', managedPolicies: ['arn:aws:iam::aws:policy/NoSuchPolicyAnywhere'] }],
    });
    expect(() => new SandboxAccount(unknown, new ManualClock(at.toISOString()))).toThrow(
      /NoSuchPolicyAnywhere does not exist/,
    );
  });
});
