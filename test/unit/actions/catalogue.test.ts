import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { rollback } from '../../../src/app/rollback.js';
import { runSteps, type StepRequest } from '../../../src/app/run-steps.js';
import type { Permissions } from '../../../src/ports/permissions.js';
import { ManualClock } from '../../support/fixed-clock.js';

const account = '111122223333';
const seed = {
  id: account,
  users: [
    {
      name: 'alice',
      loginProfile: { passwordResetRequired: false },
      accessKeys: [
        { id: 'AKIAIOSFODNN7EXAMPLE', createdAt: '2025-03-02T10:00:00Z' },
        { id: 'AKIAI44QH8DHBEXAMPLE', createdAt: '2026-06-01T10:00:00Z' },
      ],
    },
    {
      name: 'break-glass',
      tags: { 'rekey:protected': 'true' },
      accessKeys: [{ id: 'AKIABREAKGLASSEXAMPL', createdAt: '2026-01-01T00:00:00Z' }],
    },
  ],
  roles: [
    { name: 'deployer' },
    { name: 'AWSServiceRoleForSupport', path: '/aws-service-role/support.amazonaws.com/' },
  ],
};

const MUTATING = /^(Update|Put|Attach|Detach|Delete|Create)/;

const every: StepRequest[] = [
  {
    step: 'deactivate',
    action: 'deactivate-access-key',
    parameters: { accountId: account, userName: 'alice', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
  },
  {
    step: 'revoke-user',
    action: 'revoke-sessions',
    parameters: { accountId: account, principal: { kind: 'user', name: 'alice' } },
  },
  {
    step: 'revoke-role',
    action: 'revoke-sessions',
    parameters: { accountId: account, principal: { kind: 'role', name: 'deployer' } },
  },
  {
    step: 'quarantine',
    action: 'quarantine-principal',
    parameters: { accountId: account, principal: { kind: 'role', name: 'deployer' } },
  },
  {
    step: 'console',
    action: 'disable-console-access',
    parameters: { accountId: account, userName: 'alice' },
  },
];

let clock: ManualClock;
let sandbox: SandboxAccount;
let timeline: MemoryTimelineStore;
const deps = (extra: Partial<Parameters<typeof runSteps>[2]> = {}) => ({
  identityFor: () => sandbox.identity(),
  timeline,
  clock,
  actor: 'rekey:action',
  protection: { protectedPrincipals: [] },
  ...extra,
});
const state = () => JSON.stringify(sandbox.toSeed());

beforeEach(() => {
  clock = new ManualClock('2026-11-28T09:04:00Z');
  sandbox = new SandboxAccount(seed, clock);
  timeline = new MemoryTimelineStore();
});

describe('the action catalogue', () => {
  it('leaves the same state when every action runs twice as when it runs once, even without the journal', async () => {
    const run = (target: SandboxAccount) =>
      runSteps(
        'rk-1',
        every,
        deps({ identityFor: () => target.identity(), timeline: new MemoryTimelineStore() }),
      );
    const twice = new SandboxAccount(seed, clock);
    await run(twice);
    await run(twice);
    const once = new SandboxAccount(seed, clock);
    await run(once);
    expect(JSON.stringify(twice.toSeed())).toBe(JSON.stringify(once.toSeed()));
  });

  it('restores the recorded prior state on rollback, newest first', async () => {
    const before = state();
    await runSteps('rk-1', every, deps());
    expect(state()).not.toBe(before);
    const results = await rollback('rk-1', { actor: 'test' }, deps());
    // The console password is not given back: Rekey creates no login profile (an administrator sets one).
    expect(results.map((r) => r.step)).toEqual(['quarantine', 'revoke-role', 'revoke-user', 'deactivate']);
    expect(results.every((r) => r.result === 'restored')).toBe(true);
    const after = sandbox.toSeed();
    const alice = after.users.find((u) => u.name === 'alice');
    expect(alice?.accessKeys.map((k) => k.status)).toEqual(['Active', 'Active']);
    expect(alice?.inlinePolicies).toEqual({});
    expect(alice?.loginProfile).toBeUndefined();
    expect(after.roles.find((r) => r.name === 'deployer')?.inlinePolicies).toEqual({});
    await expect(rollback('rk-1', { actor: 'test' }, deps())).resolves.toEqual([]);
  });

  it('rolls back a single step when asked', async () => {
    await runSteps('rk-1', every, deps());
    const results = await rollback('rk-1', { actor: 'test', step: 'quarantine' }, deps());
    expect(results.map((r) => r.step)).toEqual(['quarantine']);
    expect([...(sandbox.roles.get('deployer')?.inlinePolicies.keys() ?? [])]).toEqual([
      'rekey-revoke-sessions-rk-1',
    ]);
  });

  it.each([
    [
      'tagged rekey:protected',
      { accountId: account, userName: 'break-glass', accessKeyId: 'AKIABREAKGLASSEXAMPL' },
      'deactivate-access-key',
    ],
    [
      'service-linked',
      { accountId: account, principal: { kind: 'role', name: 'AWSServiceRoleForSupport' } },
      'quarantine-principal',
    ],
  ] as const)('never changes a %s principal, in any mode', async (_what, parameters, action) => {
    const request = [{ step: 'x', action, parameters }] as StepRequest[];
    await expect(runSteps('rk-1', request, deps())).rejects.toMatchObject({
      name: 'ProtectedPrincipalError',
    });
    await expect(runSteps('rk-1', request, deps({ mode: 'simulate' }))).rejects.toMatchObject({
      name: 'ProtectedPrincipalError',
    });
    expect(sandbox.apiCalls.filter((c) => MUTATING.test(c.operation))).toEqual([]);
  });
});

describe('simulate mode, for live drills', () => {
  it('plans every call and checks Rekey may make it, and makes no mutating call', async () => {
    const checked: string[] = [];
    const permissions: Permissions = {
      check: async (calls) => {
        checked.push(...calls.map((c) => `${c.operation} ${c.resource}`));
        return calls.map((c) => ({
          ...c,
          allowed: c.operation !== 'iam:DeleteLoginProfile',
          reason: 'test',
        }));
      },
    };
    const before = state();
    const outcomes = await runSteps('rk-1', every, deps({ mode: 'simulate', permissions }));
    expect(sandbox.apiCalls.filter((c) => MUTATING.test(c.operation))).toEqual([]);
    expect(state()).toBe(before);
    expect(outcomes.map((o) => o.status)).toEqual([
      'simulated',
      'simulated',
      'simulated',
      'simulated',
      'simulated',
    ]);
    expect(checked).toContain('iam:UpdateAccessKey arn:aws:iam::111122223333:user/alice');
    expect(checked).toContain('iam:PutRolePolicy arn:aws:iam::111122223333:role/deployer');
    expect(outcomes.at(-1)?.summary).toMatch(/Rekey may not: iam:DeleteLoginProfile/);
    expect((await timeline.list('rk-1')).map((e) => e.type)).toEqual(Array(5).fill('step-simulated'));
  });
});
