import { describe, expect, it } from 'vitest';
import { ASSIGNMENT_SEARCH_CALLS } from '../../../src/actions/identity-center-user.js';
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

/** Alice and bob in PowerUser, in an organisation when its management account is given. */
function world(managementAccountId?: string, rolePath = '/aws-reserved/sso.amazonaws.com/') {
  const clock = new ManualClock('2026-11-28T11:00:00Z');
  const sandbox = new SandboxAccount(
    {
      id: account,
      ...(managementAccountId ? { organization: { managementAccountId } } : {}),
      roles: [
        {
          name: role,
          path: rolePath,
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

/** alice holds PowerUser here, ReadOnly through her group here, and Billing in another account; bob holds Audit. */
function assignedWorld(
  calledFrom: 'management-account' | 'delegated-administrator',
  managementAccountId?: string,
) {
  const built = world(managementAccountId);
  const center = built.sandbox.identityCenter;
  if (!center) throw new Error('the world has Identity Center');
  const set = (name: string) => ({
    name,
    arn: `arn:aws:sso:::permissionSet/ssoins-0/ps-${name.toLowerCase()}`,
    roleNames: [],
  });
  center.calledFrom = calledFrom;
  center.permissionSets.push(set('ReadOnly'), set('Billing'), set('Audit'));
  center.groups = [{ groupId: 'group-readers', displayName: 'Readers', members: ['user-alice'] }];
  center.assignments = [
    { accountId: account, permissionSet: 'PowerUser', principalType: 'USER', principalId: 'user-alice' },
    { accountId: account, permissionSet: 'ReadOnly', principalType: 'GROUP', principalId: 'group-readers' },
    { accountId: '444455556666', permissionSet: 'Billing', principalType: 'USER', principalId: 'user-alice' },
    { accountId: account, permissionSet: 'Audit', principalType: 'USER', principalId: 'user-bob' },
  ];
  const deniedIn = () =>
    center.permissionSets
      .filter((s) => JSON.stringify(s.inlinePolicy ?? {}).includes('"identitystore:userId":"user-alice"'))
      .map((s) => s.name)
      .sort();
  return { ...built, deniedIn };
}

describe('revoke-identity-center-sessions, for every permission set of the user', () => {
  it("denies the user in every permission set assigned to them, directly or through a group, in every account, and in no one else's", async () => {
    const { sandbox, deps, deniedIn } = assignedWorld('management-account');
    const [outcome] = await runSteps('rk-1', revoke, deps);
    expect(deniedIn()).toEqual(['Billing', 'PowerUser', 'ReadOnly']);
    expect(outcome?.facts).toMatchObject({
      permissionSets: ['Billing', 'PowerUser', 'ReadOnly'],
      userId: 'user-alice',
    });
    const provisioned = sandbox.apiCalls.filter((c) => c.operation === 'ProvisionPermissionSet');
    expect(provisioned.map((c) => c.target).sort()).toEqual([
      'Billing to 444455556666',
      'PowerUser to 111122223333',
      'ReadOnly to 111122223333',
    ]);
  });

  it("from a delegated administrator, which AWS refuses a user's assignments everywhere, reads each set's assignments account by account", async () => {
    const { sandbox, deps, deniedIn } = assignedWorld('delegated-administrator');
    const [outcome] = await runSteps('rk-1', revoke, deps);
    expect(deniedIn()).toEqual(['Billing', 'PowerUser', 'ReadOnly']);
    expect(outcome?.status).toBe('changed');
    expect(outcome?.summary).toMatch(/in every account: Billing, PowerUser, ReadOnly/);
    const listed = sandbox.apiCalls
      .filter((c) => c.operation === 'ListAccountAssignments')
      .map((c) => c.target.replace(/arn:aws:sso:::permissionSet\/ssoins-0\//, ''));
    // Once: the sets observed before the change are journaled with the plan and applied as found.
    const search = [
      '111122223333 ps-power',
      '111122223333 ps-readonly',
      '444455556666 ps-billing',
      '111122223333 ps-audit',
    ];
    expect(listed).toEqual(search);
    expect(sandbox.apiCalls.some((c) => c.operation === 'ListAccountAssignmentsForPrincipal')).toBe(false);
  });

  it('past the bound of its search, denies the user in the sets found and escalates, and a rollback restores them', async () => {
    const { sandbox, deps, deniedIn } = assignedWorld('delegated-administrator');
    const center = sandbox.identityCenter;
    if (!center) throw new Error('the world has Identity Center');
    // A set bob holds in more accounts than the search may read, listed before alice's Billing.
    center.permissionSets.splice(1, 0, {
      name: 'Wide',
      arn: 'arn:aws:sso:::permissionSet/ssoins-0/ps-wide',
      roleNames: [],
    });
    for (let i = 0; i < ASSIGNMENT_SEARCH_CALLS; i += 1)
      center.assignments.push({
        accountId: String(500000000000 + i),
        permissionSet: 'Wide',
        principalType: 'USER',
        principalId: 'user-bob',
      });
    await expect(runSteps('rk-1', revoke, deps)).rejects.toMatchObject({
      name: 'NotContainableError',
      message: expect.stringMatching(
        /^alice@example\.com denied through PowerUser only: the search stopped at its bound of 1000 listing calls, having searched 1 of 5 permission sets in full; deny the user in their other permission sets from the management account/,
      ),
    });
    expect(deniedIn()).toEqual(['PowerUser']);
    const [undone] = await rollback('rk-1', { actor: 'test' }, deps);
    expect(undone?.result).toBe('restored');
    expect(deniedIn()).toEqual([]);
  });

  it('from a delegated administrator, which AWS refuses a set provisioned in the management account, denies the user in the others and escalates', async () => {
    const { sandbox, deps, deniedIn } = assignedWorld('delegated-administrator', '999988887777');
    sandbox.identityCenter?.assignments.push({
      accountId: '999988887777',
      permissionSet: 'ReadOnly',
      principalType: 'USER',
      principalId: 'user-bob',
    });
    await expect(runSteps('rk-1', revoke, deps)).rejects.toMatchObject({
      name: 'NotContainableError',
      message:
        'alice@example.com denied through Billing, PowerUser only: Identity Center refused to change ReadOnly (AccessDenied); deny the user in their other permission sets from the management account, or disable the user',
    });
    expect(deniedIn()).toEqual(['Billing', 'PowerUser']);
    const [undone] = await rollback('rk-1', { actor: 'test' }, deps);
    expect(undone?.result).toBe('restored');
    expect(deniedIn()).toEqual([]);
  });

  it('changes no permission set when one of them has no room for the deny', async () => {
    const { sandbox, deps, deniedIn } = assignedWorld('management-account');
    const billing = sandbox.identityCenter?.permissionSets.find((s) => s.name === 'Billing');
    if (!billing) throw new Error('Billing exists');
    billing.inlinePolicy = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'Big', Effect: 'Allow', Action: 's3:GetObject', Resource: 'x'.repeat(33_000) }],
    };
    await expect(runSteps('rk-1', revoke, deps)).rejects.toMatchObject({ name: 'NotContainableError' });
    expect(deniedIn()).toEqual([]);
  });

  it('restores every permission set it changed on rollback, and provisions each again', async () => {
    const { sandbox, deps, deniedIn } = assignedWorld('management-account');
    await runSteps('rk-1', revoke, deps);
    const [undone] = await rollback('rk-1', { actor: 'test' }, deps);
    expect(undone?.result).toBe('restored');
    expect(deniedIn()).toEqual([]);
    expect(sandbox.identityCenter?.permissionSets.find((s) => s.name === 'PowerUser')?.inlinePolicy).toEqual(
      allowAll,
    );
    expect(
      sandbox.identityCenter?.permissionSets.find((s) => s.name === 'Billing')?.inlinePolicy,
    ).toBeUndefined();
  });
});

describe('revoke-identity-center-sessions and protected roles', () => {
  it('refuses a protected permission set role (a break-glass set) and changes nothing', async () => {
    const { sandbox, deps } = world();
    const guarded = {
      ...deps,
      protection: {
        protectedPrincipals: [`arn:aws:iam::${account}:role/aws-reserved/sso.amazonaws.com/${role}`],
      },
    };
    await expect(runSteps('rk-1', revoke, guarded)).rejects.toMatchObject({
      name: 'ProtectedPrincipalError',
    });
    expect(sandbox.identityCenter?.permissionSets[0]?.inlinePolicy).toEqual(allowAll);
  });
});

describe('the reserved roles of Identity Center in the sandbox', () => {
  const deny = {
    Version: '2012-10-17' as const,
    Statement: [{ Effect: 'Deny' as const, Action: '*', Resource: '*' }],
  };

  it('refuses a change to a role on the aws-reserved path as IAM does', () => {
    const clock = new ManualClock('2026-11-28T11:00:00Z');
    const sandbox = new SandboxAccount(
      { id: account, roles: [{ name: role, path: '/aws-reserved/sso.amazonaws.com/' }] },
      clock,
    );
    const target = sandbox.require({ kind: 'role', name: role });
    expect(() => sandbox.putInlinePolicy(target, 'deny', deny)).toThrow(/only modifiable by AWS/);
    expect(() => sandbox.attach(target, 'arn:aws:iam::aws:policy/AdministratorAccess')).toThrow(
      /only modifiable by AWS/,
    );
  });

  it("lets anyone's own role named AWSReservedSSO_ be changed: the path decides, not the name", () => {
    const clock = new ManualClock('2026-11-28T11:00:00Z');
    const sandbox = new SandboxAccount({ id: account, roles: [{ name: role }] }, clock);
    const target = sandbox.require({ kind: 'role', name: role });
    expect(() => sandbox.putInlinePolicy(target, 'deny', deny)).not.toThrow();
  });
});

describe("revoke-identity-center-sessions on a role only named like Identity Center's", () => {
  it('refuses to deny the Identity Center user its session names, and changes nothing', async () => {
    const { sandbox, deps } = world(undefined, '/');
    await expect(runSteps('rk-1', revoke, deps)).rejects.toThrow(
      /is not an Identity Center role \(its path is \/,/,
    );
    expect(sandbox.identityCenter?.permissionSets[0]?.inlinePolicy).toEqual(allowAll);
  });
});
