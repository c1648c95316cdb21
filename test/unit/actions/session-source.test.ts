import { describe, expect, it } from 'vitest';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import type { AccountSeedInput } from '../../../src/adapters/sandbox/account-seed.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { rollback } from '../../../src/app/rollback.js';
import { runSteps, type StepRequest } from '../../../src/app/run-steps.js';
import { NotContainableError } from '../../../src/domain/errors.js';
import { ManualClock } from '../../support/fixed-clock.js';

const account = '111122223333';
const toolingAccount = '444455556666';
const session = 'ASIADEPLOYSESSION001';
const assume = (extra: Record<string, unknown>) => ({
  eventTime: '2026-11-28T09:02:00Z',
  eventName: 'AssumeRole',
  eventSource: 'sts.amazonaws.com',
  assumedRoleArn: `arn:aws:iam::${account}:role/deployer`,
  issuedAccessKeyId: session,
  ...extra,
});

function world(cloudTrail: AccountSeedInput['cloudTrail']) {
  const clock = new ManualClock('2026-11-28T10:00:00Z');
  const sandbox = new SandboxAccount(
    {
      id: account,
      users: [
        { name: 'ci-bot', accessKeys: [{ id: 'AKIACIBOTKEY00000001', createdAt: '2025-01-01T00:00:00Z' }] },
      ],
      roles: [{ name: 'deployer' }, { name: 'jump' }],
      cloudTrail,
    },
    clock,
  );
  const tooling = new SandboxAccount(
    {
      id: toolingAccount,
      users: [
        {
          name: 'deploy-bot',
          accessKeys: [{ id: 'AKIADEPLOYBOT0000001', createdAt: '2025-01-01T00:00:00Z' }],
        },
      ],
    },
    clock,
  );
  // As the member role reaches them: this account and the tooling account; any other is out of reach.
  const reach: Record<string, SandboxAccount> = { [account]: sandbox, [toolingAccount]: tooling };
  const deps = {
    identityFor: (accountId: string) => {
      const there = reach[accountId];
      if (!there)
        throw new NotContainableError(`Rekey cannot assume arn:aws:iam::${accountId}:role/rekey-member`);
      return there.identity();
    },
    auditTrailFor: () => sandbox.auditTrailPort(),
    timeline: new MemoryTimelineStore(),
    clock,
    actor: 'rekey:action',
    protection: { protectedPrincipals: [] },
  };
  return { sandbox, tooling, deps };
}

const step: StepRequest[] = [
  {
    step: 'source',
    action: 'contain-session-source',
    parameters: {
      accountId: account,
      roleName: 'deployer',
      sessionKeyId: session,
      since: '2026-11-28T08:00:00Z',
      regions: ['us-east-1'],
    },
  },
];

describe('contain-session-source', () => {
  it("deactivates the IAM user's key that assumed the role and revokes the user's sessions, reversibly", async () => {
    const { sandbox, deps } = world([
      assume({
        principalType: 'IAMUser',
        principalArn: `arn:aws:iam::${account}:user/ci-bot`,
        accessKeyId: 'AKIACIBOTKEY00000001',
      }),
    ]);
    const [outcome] = await runSteps('rk-1', step, deps);
    expect(outcome?.facts).toMatchObject({
      source: `arn:aws:iam::${account}:user/ci-bot`,
      via: 'AKIACIBOTKEY00000001',
    });
    expect(sandbox.users.get('ci-bot')?.accessKeys[0]?.status).toBe('Inactive');
    expect([...(sandbox.users.get('ci-bot')?.inlinePolicies.keys() ?? [])]).toEqual([
      'rekey-revoke-sessions-rk-1',
    ]);
    await rollback('rk-1', { actor: 'test' }, deps);
    expect(sandbox.users.get('ci-bot')?.accessKeys[0]?.status).toBe('Active');
    expect(sandbox.users.get('ci-bot')?.inlinePolicies.size).toBe(0);
  });

  it('contains a source in another account of the organisation there, through the member role, and rolls back there', async () => {
    const { sandbox, tooling, deps } = world([
      assume({
        principalType: 'IAMUser',
        principalArn: `arn:aws:iam::${toolingAccount}:user/deploy-bot`,
        accessKeyId: 'AKIADEPLOYBOT0000001',
      }),
    ]);
    const [outcome] = await runSteps('rk-1', step, deps);
    expect(outcome?.facts).toMatchObject({ sourceAccount: toolingAccount });
    expect(tooling.users.get('deploy-bot')?.accessKeys[0]?.status).toBe('Inactive');
    expect([...(tooling.users.get('deploy-bot')?.inlinePolicies.keys() ?? [])]).toEqual([
      'rekey-revoke-sessions-rk-1',
    ]);
    expect(sandbox.apiCalls.filter((c) => /^(Update|Put)/.test(c.operation))).toEqual([]);
    await rollback('rk-1', { actor: 'test' }, deps);
    expect(tooling.users.get('deploy-bot')?.accessKeys[0]?.status).toBe('Active');
    expect(tooling.users.get('deploy-bot')?.inlinePolicies.size).toBe(0);
  });

  it('plans the calls on the source it finds, for simulate mode to check, and changes nothing', async () => {
    const { sandbox, deps } = world([
      assume({
        principalType: 'IAMUser',
        principalArn: `arn:aws:iam::${account}:user/ci-bot`,
        accessKeyId: 'AKIACIBOTKEY00000001',
      }),
    ]);
    const checked: string[] = [];
    const [outcome] = await runSteps('rk-1', step, {
      ...deps,
      mode: 'simulate',
      permissions: {
        check: async (calls) => {
          checked.push(...calls.map((c) => `${c.operation} ${c.resource}`));
          return calls.map((c) => ({ ...c, allowed: true, reason: 'test' }));
        },
      },
    });
    expect(outcome?.status).toBe('simulated');
    expect(checked).toEqual([
      `iam:UpdateAccessKey arn:aws:iam::${account}:user/ci-bot`,
      `iam:PutUserPolicy arn:aws:iam::${account}:user/ci-bot`,
    ]);
    expect(sandbox.users.get('ci-bot')?.accessKeys[0]?.status).toBe('Active');
  });

  it('escalates, saying why, when the issuing call is older than the newest calls on the role it reads', async () => {
    const busy = Array.from({ length: 1000 }, (_, i) =>
      assume({
        eventTime: new Date(Date.parse('2026-11-28T09:10:00Z') + i * 1000).toISOString(),
        issuedAccessKeyId: `ASIABUSY${String(i).padStart(12, '0')}`,
        principalType: 'AWSService',
      }),
    );
    const { deps } = world([
      assume({ principalType: 'IAMUser', principalArn: `arn:aws:iam::${account}:user/ci-bot` }),
      ...busy,
    ]);
    await expect(runSteps('rk-1', step, deps)).rejects.toMatchObject({
      name: 'NotContainableError',
      message: expect.stringMatching(
        /not among the newest 1000 calls on arn:aws:iam::111122223333:role\/deployer/,
      ),
    });
  });

  it('revokes the sessions of the role it was chained from', async () => {
    const { sandbox, deps } = world([
      assume({
        principalType: 'AssumedRole',
        principalArn: `arn:aws:sts::${account}:assumed-role/jump/alice`,
        accessKeyId: 'ASIAJUMPSESSION00001',
      }),
    ]);
    await runSteps('rk-1', step, deps);
    expect([...(sandbox.roles.get('jump')?.inlinePolicies.keys() ?? [])]).toEqual([
      'rekey-revoke-sessions-rk-1',
    ]);
  });

  it.each([
    [
      'an identity provider',
      assume({
        eventName: 'AssumeRoleWithSAML',
        principalType: 'SAMLUser',
        principalArn: 'arn:aws:iam::111122223333:saml-provider/okta',
      }),
      /identity provider/,
    ],
    [
      'an account Rekey cannot reach (another organisation, or no member role)',
      assume({ principalType: 'IAMUser', principalArn: 'arn:aws:iam::999999999999:user/x' }),
      /cannot assume/,
    ],
    [
      'nobody CloudTrail recorded',
      assume({ issuedAccessKeyId: 'ASIAOTHERSESSION0001' }),
      /not in CloudTrail/,
    ],
  ])('escalates when the source is %s', async (_what, event, reason) => {
    const { deps } = world([event]);
    await expect(runSteps('rk-1', step, deps)).rejects.toMatchObject({
      name: 'NotContainableError',
      message: expect.stringMatching(reason),
    });
  });

  it('still undoes, on rollback, the key it deactivated when revoking the source user then failed', async () => {
    const clock = new ManualClock('2026-11-28T10:00:00Z');
    const big = {
      Version: '2012-10-17' as const,
      Statement: [{ Sid: 'x'.repeat(1900), Effect: 'Deny' as const, Action: 'x:y', Resource: '*' }],
    };
    const filler = (i: number) => ({
      name: `filler-${i}`,
      document: {
        Version: '2012-10-17' as const,
        Statement: [{ Effect: 'Allow' as const, Action: 's3:GetObject', Resource: '*' }],
      },
    });
    const sandbox = new SandboxAccount(
      {
        id: account,
        policies: Array.from({ length: 10 }, (_, i) => filler(i)),
        users: [
          {
            name: 'ci-bot',
            inlinePolicies: { big },
            managedPolicies: Array.from(
              { length: 10 },
              (_, i) => `arn:aws:iam::${account}:policy/filler-${i}`,
            ),
            accessKeys: [{ id: 'AKIACIBOTKEY00000001', createdAt: '2025-01-01T00:00:00Z' }],
          },
        ],
        roles: [{ name: 'deployer' }],
        cloudTrail: [
          assume({
            principalType: 'IAMUser',
            principalArn: `arn:aws:iam::${account}:user/ci-bot`,
            accessKeyId: 'AKIACIBOTKEY00000001',
          }),
        ],
      },
      clock,
    );
    const deps = {
      identityFor: () => sandbox.identity(),
      auditTrailFor: () => sandbox.auditTrailPort(),
      timeline: new MemoryTimelineStore(),
      clock,
      actor: 'rekey:action',
      protection: { protectedPrincipals: [] },
    };
    await expect(runSteps('rk-1', step, deps)).rejects.toMatchObject({ name: 'NotContainableError' });
    expect(sandbox.users.get('ci-bot')?.accessKeys[0]?.status).toBe('Inactive');
    const [undone] = await rollback('rk-1', { actor: 'test' }, deps);
    expect(undone).toMatchObject({ step: 'source', result: 'restored' });
    expect(sandbox.users.get('ci-bot')?.accessKeys[0]?.status).toBe('Active');
  });
});
