import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { rollback } from '../../../src/app/rollback.js';
import { runSteps, type StepRequest } from '../../../src/app/run-steps.js';
import { ManualClock } from '../../support/fixed-clock.js';

const account = '111122223333';
const KEYS = ['AKIAIOSFODNN7EXAMPLE', 'AKIAI44QH8DHBEXAMPLE'];
const seed = {
  id: account,
  users: [
    {
      name: 'alice',
      accessKeys: [
        { id: KEYS[0] as string, createdAt: '2025-03-02T10:00:00Z' },
        { id: KEYS[1] as string, createdAt: '2026-06-01T10:00:00Z' },
        { id: 'AKIA5QXEXAMPLEOTHER1', createdAt: '2026-07-01T10:00:00Z' },
      ],
    },
  ],
};
const deactivateBoth: StepRequest[] = [
  {
    step: 'deactivate',
    action: 'deactivate-access-key',
    parameters: { accountId: account, userName: 'alice', accessKeyIds: KEYS },
  },
];

let clock: ManualClock;
let sandbox: SandboxAccount;
let timeline: MemoryTimelineStore;
const deps = () => ({
  identityFor: () => sandbox.identity(),
  timeline,
  clock,
  actor: 'rekey:action',
  protection: { protectedPrincipals: [] },
});
const statuses = () => sandbox.users.get('alice')?.accessKeys.map((k) => `${k.id}:${k.status}`);

beforeEach(() => {
  clock = new ManualClock('2026-11-28T09:04:00Z');
  sandbox = new SandboxAccount(seed, clock);
  timeline = new MemoryTimelineStore();
});

describe('deactivating every exposed key of a user (AWS named the user, not a key)', () => {
  it('deactivates each key named in one step, leaves the others, and one rollback reactivates them all', async () => {
    const [result] = await runSteps('rk-1', deactivateBoth, deps());
    expect(result).toMatchObject({ status: 'changed', facts: { accessKeyIds: KEYS } });
    expect(statuses()).toEqual([`${KEYS[0]}:Inactive`, `${KEYS[1]}:Inactive`, 'AKIA5QXEXAMPLEOTHER1:Active']);
    const undone = await rollback('rk-1', { actor: 'test' }, deps());
    expect(undone.map((r) => [r.step, r.result])).toEqual([['deactivate', 'restored']]);
    expect(statuses()).toEqual([`${KEYS[0]}:Active`, `${KEYS[1]}:Active`, 'AKIA5QXEXAMPLEOTHER1:Active']);
  });

  it('gives back on rollback only the keys it deactivated, not one that was already Inactive', async () => {
    await sandbox.identity().updateAccessKeyStatus('alice', KEYS[1] as string, 'Inactive');
    await runSteps('rk-1', deactivateBoth, deps());
    await rollback('rk-1', { actor: 'test' }, deps());
    expect(statuses()).toEqual([`${KEYS[0]}:Active`, `${KEYS[1]}:Inactive`, 'AKIA5QXEXAMPLEOTHER1:Active']);
  });

  it('refuses a step that names both one key and a list, or neither', async () => {
    for (const parameters of [
      { accountId: account, userName: 'alice', accessKeyId: KEYS[0], accessKeyIds: KEYS },
      { accountId: account, userName: 'alice' },
    ]) {
      const request = [{ step: 'x', action: 'deactivate-access-key', parameters }] as StepRequest[];
      await expect(runSteps('rk-1', request, deps())).rejects.toThrow(
        /exactly one of accessKeyId and accessKeyIds/,
      );
    }
    expect(statuses()?.every((s) => s.endsWith(':Active'))).toBe(true);
  });
});
