import { describe, expect, it } from 'vitest';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import { simulateCall } from '../../../src/adapters/sandbox/request-simulator.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { rollback } from '../../../src/app/rollback.js';
import { runSteps, type StepRequest } from '../../../src/app/run-steps.js';
import { ManualClock } from '../../support/fixed-clock.js';

const account = '111122223333';
const role = 'AWSReservedSSO_PowerUser_0123456789abcdef';
const allowAll = {
  Version: '2012-10-17' as const,
  Statement: [{ Sid: 'Base', Effect: 'Allow' as const, Action: 's3:*', Resource: '*' }],
};

function world() {
  const clock = new ManualClock('2026-11-28T11:00:00Z');
  const sandbox = new SandboxAccount(
    {
      id: account,
      roles: [
        {
          name: role,
          path: '/aws-reserved/sso.amazonaws.com/',
          inlinePolicies: { AwsSSOInlinePolicy: allowAll },
          sessions: [
            {
              id: 'ASIASSOALICE00000001',
              issuedAt: '2026-11-28T10:00:00Z',
              sessionName: 'alice@example.com',
              identityStoreUserId: 'user-alice',
            },
            {
              id: 'ASIASSOBOB0000000001',
              issuedAt: '2026-11-28T10:00:00Z',
              sessionName: 'bob@example.com',
              identityStoreUserId: 'user-bob',
            },
          ],
        },
      ],
      identityCenter: {
        users: [
          { userName: 'alice@example.com', userId: 'user-alice' },
          { userName: 'bob@example.com', userId: 'user-bob' },
        ],
        permissionSets: [
          {
            name: 'PowerUser',
            arn: 'arn:aws:sso:::permissionSet/ssoins-0/ps-power',
            inlinePolicy: allowAll,
            roleNames: [role],
          },
        ],
      },
    },
    clock,
  );
  const deps = {
    identityFor: () => sandbox.identity(),
    identityCenter: sandbox.identityCenterPort(),
    timeline: new MemoryTimelineStore(),
    clock,
    actor: 'rekey:action',
    protection: { protectedPrincipals: [] },
  };
  return { sandbox, deps, clock };
}

const revoke: StepRequest[] = [
  {
    step: 'revoke-sso',
    action: 'revoke-identity-center-sessions',
    parameters: { accountId: account, roleName: role, userName: 'alice@example.com' },
  },
];

describe('revoke-identity-center-sessions', () => {
  it('refuses the reserved role itself, as IAM does (UnmodifiableEntity)', async () => {
    const { deps } = world();
    const direct: StepRequest[] = [
      {
        step: 'r',
        action: 'revoke-sessions',
        parameters: { accountId: account, principal: { kind: 'role', name: role } },
      },
    ];
    await expect(runSteps('rk-1', direct, deps)).rejects.toMatchObject({ name: 'UnmodifiableEntityError' });
  });

  it("merges a deny scoped to the user into the permission set, provisions it, and cuts off only that user's older sessions", async () => {
    const { sandbox, deps, clock } = world();
    await runSteps('rk-1', revoke, deps);
    const set = sandbox.identityCenter?.permissionSets[0];
    const statements = (set?.inlinePolicy?.Statement ?? []) as Array<{ Sid: string }>;
    expect(statements.map((s) => s.Sid)).toEqual(['Base', expect.stringMatching(/^RekeyRevoke/)]);
    const call = (id: string) =>
      simulateCall(sandbox, { accessKeyId: id, action: 's3:ListBuckets' }, clock.now()).outcome;
    expect(call('ASIASSOALICE00000001')).toBe('explicit-deny');
    expect(call('ASIASSOBOB0000000001')).toBe('allowed');
  });

  it('denies the user fresh sessions too (a stolen portal session mints them at will), each user by their own statement', async () => {
    const { sandbox, deps, clock } = world();
    await runSteps('rk-1', revoke, deps);
    clock.advance(60_000);
    sandbox.roles.get(role)?.sessions.push({
      id: 'ASIASSOALICE00000002',
      issuedAt: clock.now().toISOString(),
      sessionName: 'alice@example.com',
      identityStoreUserId: 'user-alice',
    });
    const call = (id: string) =>
      simulateCall(sandbox, { accessKeyId: id, action: 's3:ListBuckets' }, clock.now()).outcome;
    expect(call('ASIASSOALICE00000002')).toBe('explicit-deny');
    const bob: StepRequest[] = [
      {
        step: 'revoke-sso-bob',
        action: 'revoke-identity-center-sessions',
        parameters: { accountId: account, roleName: role, userName: 'bob@example.com' },
      },
    ];
    const [outcome] = await runSteps('rk-1', bob, deps);
    expect(outcome?.status).toBe('changed');
    expect(call('ASIASSOBOB0000000001')).toBe('explicit-deny');
  });

  it('provisions again on a retry that finds its deny already in the permission set', async () => {
    const { sandbox, deps } = world();
    await runSteps('rk-1', revoke, deps);
    const provisioned = () => sandbox.apiCalls.filter((c) => c.operation === 'ProvisionPermissionSet').length;
    const before = provisioned();
    const [again] = await runSteps('rk-1', revoke, { ...deps, timeline: new MemoryTimelineStore() });
    expect(again?.status).toBe('unchanged');
    expect(provisioned()).toBe(before + 1);
  });

  it('still restores the permission set on rollback when provisioning failed after the deny was merged', async () => {
    const { sandbox, deps } = world();
    const center = deps.identityCenter;
    if (!center) throw new Error('the world has Identity Center');
    const failing = {
      ...center,
      provision: async () => {
        throw Object.assign(new Error('provisioning failed'), { name: 'ThrottlingError' });
      },
    };
    await expect(runSteps('rk-1', revoke, { ...deps, identityCenter: failing })).rejects.toMatchObject({
      name: 'ThrottlingError',
    });
    expect(sandbox.identityCenter?.permissionSets[0]?.inlinePolicy).not.toEqual(allowAll);
    const [undone] = await rollback('rk-1', { actor: 'test' }, deps);
    expect(undone?.result).toBe('restored');
    expect(sandbox.identityCenter?.permissionSets[0]?.inlinePolicy).toEqual(allowAll);
  });

  it('restores the prior inline policy and provisions it again on rollback', async () => {
    const { sandbox, deps } = world();
    await runSteps('rk-1', revoke, deps);
    await rollback('rk-1', { actor: 'test' }, deps);
    expect(sandbox.identityCenter?.permissionSets[0]?.inlinePolicy).toEqual(allowAll);
    expect(sandbox.roles.get(role)?.inlinePolicies.get('AwsSSOInlinePolicy')).toEqual(allowAll);
  });

  it('escalates when Identity Center is not reachable', async () => {
    const { deps } = world();
    const { identityCenter: _, ...without } = deps;
    await expect(runSteps('rk-1', revoke, without)).rejects.toMatchObject({ name: 'NotContainableError' });
  });
});
