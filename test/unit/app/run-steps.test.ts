import { beforeEach, describe, expect, it } from 'vitest';
import { managedPolicyName } from '../../../src/actions/deny-placement.js';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { rollback } from '../../../src/app/rollback.js';
import { runSteps, type StepRequest } from '../../../src/app/run-steps.js';
import { CHANGE_PROPAGATION_MS } from '../../../src/domain/deny-policy.js';
import {
  AccessDeniedError,
  InvalidInputError,
  NotContainableError,
  ThrottlingError,
} from '../../../src/domain/errors.js';
import type { Identity } from '../../../src/ports/identity.js';
import { aliceAccount } from '../../support/alice-account.js';
import { ManualClock } from '../../support/fixed-clock.js';

const contain: StepRequest[] = [
  {
    step: 'deactivate-key',
    action: 'deactivate-access-key',
    parameters: { accountId: '111122223333', userName: 'alice', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
  },
  {
    step: 'revoke-sessions',
    action: 'revoke-sessions',
    parameters: { accountId: '111122223333', principal: { kind: 'user', name: 'alice' } },
  },
];

/** alice with her inline quota full and `attached` customer managed policies attached. */
function fullAccount(attached: number): SandboxAccount {
  const filler = (i: number) => ({
    name: `filler-${i}`,
    document: {
      Version: '2012-10-17' as const,
      Statement: [{ Effect: 'Allow' as const, Action: 's3:GetObject', Resource: '*' }],
    },
  });
  return new SandboxAccount(
    {
      ...aliceAccount,
      policies: Array.from({ length: attached }, (_, i) => filler(i)),
      users: (aliceAccount.users ?? []).map((u) =>
        u.name === 'alice'
          ? {
              ...u,
              managedPolicies: Array.from(
                { length: attached },
                (_, i) => `arn:aws:iam::111122223333:policy/filler-${i}`,
              ),
              inlinePolicies: {
                big: {
                  Version: '2012-10-17',
                  Statement: [{ Sid: 'x'.repeat(1900), Effect: 'Deny', Action: 'x:y', Resource: '*' }],
                },
              },
            }
          : u,
      ),
    },
    clock,
  );
}

let clock: ManualClock;
let sandbox: SandboxAccount;
let timeline: MemoryTimelineStore;

beforeEach(() => {
  clock = new ManualClock('2026-11-28T09:04:00.250Z');
  sandbox = new SandboxAccount(aliceAccount, clock);
  timeline = new MemoryTimelineStore();
});

const deps = (identity?: Identity) => ({
  identityFor: () => identity ?? sandbox.identity(),
  timeline,
  clock,
  actor: 'rekey:action',
  protection: { protectedPrincipals: [] },
});

describe('containing an exposed user key', () => {
  it('deactivates the key and denies its sessions at the same time, the cut-off seconds after the key is inactive', async () => {
    const outcomes = await runSteps('rk-1', contain, deps());

    const mutations = sandbox.apiCalls.filter(
      (c) => c.operation === 'UpdateAccessKey' || c.operation === 'PutUserPolicy',
    );
    expect(mutations.map((c) => c.operation).sort()).toEqual(['PutUserPolicy', 'UpdateAccessKey']);
    // Both journaled as started before either changed anything.
    const entries = await timeline.list('rk-1');
    const firstChange = entries.findIndex((e) => e.type === 'step-succeeded');
    expect(
      entries
        .slice(0, firstChange)
        .filter((e) => e.type === 'step-started')
        .map((e) => e.step),
    ).toEqual(['deactivate-key', 'revoke-sessions']);
    const key = sandbox.findAccessKey('AKIAIOSFODNN7EXAMPLE')?.key;
    expect(key?.status).toBe('Inactive');
    // IAM is eventually consistent: a session minted while the deactivation takes effect is still denied.
    expect(Date.parse(String(outcomes[1]?.facts?.tokenIssuedBefore))).toBeGreaterThanOrEqual(
      Date.parse(key?.statusChangedAt ?? '') + CHANGE_PROPAGATION_MS,
    );
    expect(outcomes[1]?.facts?.tokenIssuedBefore).toBe('2026-11-28T09:04:06Z');
  });

  it('still deactivates the key when the deny alongside cannot even start (its reads refused)', async () => {
    const real = sandbox.identity();
    const refused: Identity = {
      ...real,
      listAccessKeys: (u) => real.listAccessKeys(u),
      getPrincipal: (r) => real.getPrincipal(r),
      updateAccessKeyStatus: (u, k, s) => real.updateAccessKeyStatus(u, k, s),
      putInlinePolicy: (u, p, d) => real.putInlinePolicy(u, p, d),
      listAttachedPolicyArns: (r) => real.listAttachedPolicyArns(r),
      getInlinePolicy: async () => {
        throw new AccessDeniedError('not authorized to perform: iam:GetUserPolicy');
      },
    };
    await expect(runSteps('rk-1', contain, deps(refused))).rejects.toBeInstanceOf(AccessDeniedError);
    expect(sandbox.findAccessKey('AKIAIOSFODNN7EXAMPLE')?.key.status).toBe('Inactive');
    expect(sandbox.apiCalls.map((c) => c.operation)).not.toContain('PutUserPolicy');
  });

  it('plans the deny afresh when the deactivation it ran alongside failed and runs again', async () => {
    const real = sandbox.identity();
    let throttle = true;
    const flaky: Identity = {
      ...real,
      listAccessKeys: (u) => real.listAccessKeys(u),
      getInlinePolicy: (u, p) => real.getInlinePolicy(u, p),
      getPrincipal: (r) => real.getPrincipal(r),
      listAttachedPolicyArns: (r) => real.listAttachedPolicyArns(r),
      putInlinePolicy: (u, p, d) => real.putInlinePolicy(u, p, d),
      updateAccessKeyStatus: async (u, k, s) => {
        if (throttle) throw new ThrottlingError('Rate exceeded');
        return real.updateAccessKeyStatus(u, k, s);
      },
    };
    await expect(runSteps('rk-1', contain, deps(flaky))).rejects.toBeInstanceOf(ThrottlingError);
    throttle = false;
    clock.advance(60_000);
    const outcomes = await runSteps('rk-1', contain, deps(flaky));
    const key = sandbox.findAccessKey('AKIAIOSFODNN7EXAMPLE')?.key;
    expect(key?.statusChangedAt).toBe('2026-11-28T09:05:00.250Z');
    // The first cut-off (09:04:06) would let in a session minted with the key before it went inactive after 09:05.
    expect(outcomes[1]?.facts?.tokenIssuedBefore).toBe('2026-11-28T09:05:06Z');
    // Its undo still removes the deny: the one the failed attempt placed is Rekey's own, not what was there before.
    expect(outcomes[1]?.undo).toMatchObject({ operation: 'iam:DeleteInlinePolicy' });
  });

  it('reads each principal once and observes both steps before the first change', async () => {
    await runSteps('rk-1', contain, deps());
    const operations = sandbox.apiCalls.map((c) => c.operation);
    expect(operations.filter((o) => o === 'GetUser')).toHaveLength(1);
    // Both steps' reads come before the first change; none after it but the changes themselves.
    const firstChange = operations.indexOf('UpdateAccessKey');
    expect(operations.slice(firstChange)).toEqual(['UpdateAccessKey', 'PutUserPolicy']);
  });

  it('still runs the steps before one whose account is out of reach, which fails in its turn', async () => {
    const elsewhere: StepRequest = {
      step: 'revoke-elsewhere',
      action: 'revoke-sessions',
      parameters: { accountId: '999988887777', principal: { kind: 'role', name: 'deploy' } },
    };
    const reach = (accountId: string) => {
      if (accountId !== '111122223333') throw new NotContainableError(`no member role in ${accountId}`);
      return sandbox.identity();
    };
    await expect(
      runSteps('rk-1', [...contain, elsewhere], { ...deps(), identityFor: reach }),
    ).rejects.toBeInstanceOf(NotContainableError);
    expect(sandbox.findAccessKey('AKIAIOSFODNN7EXAMPLE')?.key.status).toBe('Inactive');
  });

  it('settles a mode still being decided (the drill check) alongside the journal read, not before it', async () => {
    const order: string[] = [];
    // The mode is decided only once the journal read has begun: run-steps waiting for the mode first never ends.
    let decide!: () => void;
    const mode = new Promise<'simulate'>((resolve) => {
      decide = () => {
        order.push('mode decided');
        resolve('simulate');
      };
    });
    const list = timeline.list.bind(timeline);
    timeline.list = async (id) => {
      order.push('journal read');
      decide();
      return list(id);
    };
    const outcomes = await runSteps('rk-1', contain, { ...deps(), mode });
    expect(order).toEqual(['journal read', 'mode decided']);
    expect(outcomes.map((o) => o.status)).toEqual(['simulated', 'simulated']);
    expect(sandbox.apiCalls.some((c) => c.operation === 'UpdateAccessKey')).toBe(false);
  });

  it('never deletes the key and never touches its sibling', async () => {
    await runSteps('rk-1', contain, deps());
    expect(sandbox.apiCalls.some((c) => c.operation.startsWith('Delete'))).toBe(false);
    expect(sandbox.findAccessKey('AKIAI44QH8DHBEXAMPLE')?.key.status).toBe('Active');
  });

  it('journals what it changed and how to undo it', async () => {
    const [deactivated, revoked] = await runSteps('rk-1', contain, deps());
    expect(deactivated).toMatchObject({
      status: 'changed',
      prior: { status: 'Active' },
      undo: {
        operation: 'iam:UpdateAccessKey',
        parameters: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', status: 'Active' },
      },
    });
    expect(revoked?.undo).toEqual({
      operation: 'iam:DeleteInlinePolicy',
      parameters: { principal: { kind: 'user', name: 'alice' }, policyName: 'rekey-revoke-sessions-rk-1' },
    });
  });

  it('does nothing twice when the invocation is repeated', async () => {
    await runSteps('rk-1', contain, deps());
    const callsBefore = sandbox.apiCalls.length;
    const again = await runSteps('rk-1', contain, deps());
    expect(again.map((o) => o.status)).toEqual(['changed', 'changed']);
    expect(sandbox.apiCalls.length).toBe(callsBefore);
  });

  it('fails an attempt that cannot observe its target before changing anything, and a retry observes afresh', async () => {
    const real = sandbox.identity();
    let throttle = true;
    const flaky: Identity = {
      ...real,
      listAccessKeys: async (u) => {
        if (throttle) throw new ThrottlingError('Rate exceeded');
        return real.listAccessKeys(u);
      },
      updateAccessKeyStatus: (u, k, s) => real.updateAccessKeyStatus(u, k, s),
      getPrincipal: (r) => real.getPrincipal(r),
    };
    const deactivate = contain.slice(0, 1);
    await expect(runSteps('rk-1', deactivate, deps(flaky))).rejects.toBeInstanceOf(ThrottlingError);
    const entries = await timeline.list('rk-1');
    expect(entries.map((e) => e.type)).toEqual(['step-failed']);
    expect(entries[0]?.summary).toMatch(/before changing anything/);
    throttle = false;
    const [outcome] = await runSteps('rk-1', deactivate, deps(flaky));
    expect(outcome?.undo).toMatchObject({ operation: 'iam:UpdateAccessKey' });
  });

  it('reuses the journaled cut-off when a throttled step is retried later', async () => {
    const real = sandbox.identity();
    let throttle = true;
    const flaky: Identity = {
      ...real,
      listAccessKeys: (u) => real.listAccessKeys(u),
      updateAccessKeyStatus: (u, k, s) => real.updateAccessKeyStatus(u, k, s),
      getInlinePolicy: (u, p) => real.getInlinePolicy(u, p),
      getPrincipal: (r) => real.getPrincipal(r),
      listAttachedPolicyArns: (r) => real.listAttachedPolicyArns(r),
      putInlinePolicy: async (u, p, d) => {
        if (throttle) throw new ThrottlingError('Rate exceeded');
        return real.putInlinePolicy(u, p, d);
      },
    };
    await expect(runSteps('rk-1', contain, deps(flaky))).rejects.toBeInstanceOf(ThrottlingError);
    throttle = false;
    clock.advance(60_000);
    const outcomes = await runSteps('rk-1', contain, deps(flaky));
    expect(outcomes[1]?.facts?.tokenIssuedBefore).toBe('2026-11-28T09:04:06Z');
    const failed = (await timeline.list('rk-1')).filter((e) => e.type === 'step-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.data).toMatchObject({ error: 'ThrottlingError' });
  });

  it('falls back to a managed deny of its own when the inline quota is full, and rolls back cleanly', async () => {
    const full = fullAccount(0);
    const [, revoked] = await runSteps('rk-1', contain, { ...deps(), identityFor: () => full.identity() });
    const policyArn = `arn:aws:iam::111122223333:policy/rekey/${managedPolicyName('rekey-revoke-sessions-rk-1', 'arn:aws:iam::111122223333:user/alice')}`;
    expect(revoked?.facts).toMatchObject({ placement: 'managed', policyArn });
    expect(full.users.get('alice')?.managedPolicies).toContain(policyArn);
    expect(revoked?.undo).toEqual({
      operation: 'rekey:DetachAndDeleteManagedPolicy',
      parameters: { principal: { kind: 'user', name: 'alice' }, policyArn },
    });
  });

  it('gives each principal its own managed deny, so rolling one back leaves the other in place', async () => {
    const big = {
      Version: '2012-10-17' as const,
      Statement: [{ Sid: 'x'.repeat(1900), Effect: 'Deny' as const, Action: 'x:y', Resource: '*' }],
    };
    const account = new SandboxAccount(
      {
        id: '111122223333',
        users: ['alice', 'bob'].map((name) => ({ name, inlinePolicies: { big } })),
      },
      clock,
    );
    const revoke = (name: string): StepRequest[] => [
      {
        step: `revoke-${name}`,
        action: 'revoke-sessions',
        parameters: { accountId: '111122223333', principal: { kind: 'user', name } },
      },
    ];
    const d = { ...deps(), identityFor: () => account.identity() };
    await runSteps('rk-1', revoke('alice'), d);
    await runSteps('rk-1', revoke('bob'), d);
    const alicePolicies = account.users.get('alice')?.managedPolicies ?? [];
    const bobPolicies = account.users.get('bob')?.managedPolicies ?? [];
    expect(alicePolicies).toHaveLength(1);
    expect(bobPolicies).toHaveLength(1);
    expect(alicePolicies[0]).not.toBe(bobPolicies[0]);
    const [undone] = await rollback('rk-1', { actor: 'test', step: 'revoke-bob' }, d);
    expect(undone?.result).toBe('restored');
    expect(account.users.get('bob')?.managedPolicies).toEqual([]);
    expect(account.users.get('alice')?.managedPolicies).toEqual(alicePolicies);
  });

  it('escalates with NotContainableError, by name, when the managed-policy attachments are full too', async () => {
    const full = fullAccount(10);
    const error = await runSteps('rk-1', contain, { ...deps(), identityFor: () => full.identity() }).catch(
      (e: Error) => e,
    );
    expect((error as Error).name).toBe('NotContainableError');
    expect([...full.customerPolicies.keys()].some((arn) => arn.includes('rekey-revoke-sessions-rk-1'))).toBe(
      false,
    );
  });

  it('never changes a protected principal, not even its key', async () => {
    const error = await runSteps('rk-1', contain, {
      ...deps(),
      protection: { protectedPrincipals: ['arn:aws:iam::*:user/alice'] },
    }).catch((e: Error) => e);
    expect((error as Error).name).toBe('ProtectedPrincipalError');
    expect(sandbox.findAccessKey('AKIAIOSFODNN7EXAMPLE')?.key.status).toBe('Active');
    expect(sandbox.apiCalls.filter((c) => /^(Update|Put|Attach|Delete|Create)/.test(c.operation))).toEqual(
      [],
    );
  });

  it('rejects parameters that do not fit the action descriptor', async () => {
    const bad: StepRequest[] = [
      {
        step: 'x',
        action: 'deactivate-access-key',
        parameters: { accountId: '1', userName: 'alice', accessKeyId: 'nope' },
      },
    ];
    await expect(runSteps('rk-1', bad, deps())).rejects.toBeInstanceOf(InvalidInputError);
  });
});
