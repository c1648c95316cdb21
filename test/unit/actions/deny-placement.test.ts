import { describe, expect, it } from 'vitest';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { rollback } from '../../../src/app/rollback.js';
import { runSteps } from '../../../src/app/run-steps.js';
import { ThrottlingError } from '../../../src/domain/errors.js';
import type { Identity } from '../../../src/ports/identity.js';
import { ManualClock } from '../../support/fixed-clock.js';

const account = '111122223333';
const prior = {
  Version: '2012-10-17' as const,
  Statement: [{ Effect: 'Deny' as const, Action: 's3:DeleteBucket', Resource: '*' }],
};

describe('observing a deny before the change', () => {
  it('fails on a throttled read instead of journaling "no prior policy" that a rollback would then delete', async () => {
    const clock = new ManualClock('2026-11-28T09:04:00Z');
    const sandbox = new SandboxAccount(
      { id: account, users: [{ name: 'alice', inlinePolicies: { 'rekey-revoke-sessions-rk-1': prior } }] },
      clock,
    );
    let throttled = 0;
    const identity = (): Identity => {
      const real = sandbox.identity();
      return Object.assign(Object.create(Object.getPrototypeOf(real)), real, {
        getInlinePolicy: async (...args: Parameters<Identity['getInlinePolicy']>) => {
          if (throttled++ === 0) throw new ThrottlingError('Rate exceeded');
          return real.getInlinePolicy(...args);
        },
      }) as Identity;
    };
    const deps = {
      identityFor: identity,
      timeline: new MemoryTimelineStore(),
      clock,
      actor: 'rekey:action',
      protection: { protectedPrincipals: [] },
    };
    const step = [
      {
        step: 'revoke',
        action: 'revoke-sessions' as const,
        parameters: { accountId: account, principal: { kind: 'user', name: 'alice' } },
      },
    ];
    await expect(runSteps('rk-1', step, deps)).rejects.toBeInstanceOf(ThrottlingError);
    // The retry observes afresh, changes the policy, and a rollback gives back what was there.
    await runSteps('rk-1', step, deps);
    await rollback('rk-1', { actor: 'test' }, deps);
    expect(sandbox.users.get('alice')?.inlinePolicies.get('rekey-revoke-sessions-rk-1')).toEqual(prior);
  });
});
