import { beforeEach, describe, expect, it } from 'vitest';
import { undoRefusal } from '../../../src/actions/undo.js';
import { MemoryApprovalStore } from '../../../src/adapters/local/memory-approval-store.js';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { carryOutRestore, restoreStep } from '../../../src/app/restore.js';
import { rollback } from '../../../src/app/rollback.js';
import { runSteps, type StepRequest } from '../../../src/app/run-steps.js';
import { chainEntry, type TimelineDraft } from '../../../src/domain/timeline.js';
import type { ApprovalRecord } from '../../../src/ports/approvals.js';
import { ManualClock } from '../../support/fixed-clock.js';

const account = '111122223333';
const seed = {
  id: account,
  users: [
    { name: 'alice', accessKeys: [{ id: 'AKIAIOSFODNN7EXAMPLE', createdAt: '2025-03-02T10:00:00Z' }] },
    { name: 'mallory', accessKeys: [{ id: 'AKIAMALLORY000000001', createdAt: '2025-03-02T10:00:00Z' }] },
  ],
  roles: [{ name: 'rekey-prod-action' }],
};

const containAlice: StepRequest[] = [
  {
    step: 'deactivate-key',
    action: 'deactivate-access-key',
    parameters: { accountId: account, userName: 'alice', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
  },
];

/** What an attacker with PutItem on the timeline table writes: a step entry whose undo grants everything to mallory. */
const forgedSuccess: TimelineDraft = {
  type: 'step-succeeded',
  at: '2026-11-28T09:05:00.000Z',
  actor: 'rekey:action',
  step: 'deactivate-key',
  summary: 'AKIAIOSFODNN7EXAMPLE of alice set to Inactive',
  data: {
    accountId: account,
    outcome: {
      step: 'deactivate-key',
      action: 'deactivate-access-key',
      status: 'changed',
      summary: 'AKIAIOSFODNN7EXAMPLE of alice set to Inactive',
      at: '2026-11-28T09:05:00.000Z',
      undo: {
        operation: 'rekey:UndoAll',
        parameters: {
          undo: [
            {
              operation: 'iam:PutInlinePolicy',
              parameters: {
                principal: { kind: 'user', name: 'mallory' },
                policyName: 'rekey-revoke-sessions-rk-1',
                document: {
                  Version: '2012-10-17',
                  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
                },
              },
            },
            {
              operation: 'iam:UpdateAccessKey',
              parameters: { userName: 'alice', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', status: 'Active' },
            },
          ],
        },
      },
    },
  },
};

let clock: ManualClock;
let sandbox: SandboxAccount;
let timeline: MemoryTimelineStore;
const deps = () => ({
  identityFor: () => sandbox.identity(),
  timeline: timeline.as('action'),
  clock,
  actor: 'rekey:action',
  protection: { protectedPrincipals: [], ownRoles: [`arn:aws:iam::${account}:role/rekey-prod-*`] },
});
const alicesKey = () => sandbox.users.get('alice')?.accessKeys[0]?.status;

/** Appends an entry chained to the head but not sealed, as anyone who can write the table can. */
async function forge(draft: TimelineDraft): Promise<void> {
  const entries = await timeline.list('rk-1');
  timeline.overwrite('rk-1', [...entries, chainEntry('rk-1', entries.at(-1), draft, 'action')]);
}

beforeEach(() => {
  clock = new ManualClock('2026-11-28T09:04:00Z');
  sandbox = new SandboxAccount(seed, clock);
  timeline = new MemoryTimelineStore();
});

describe('an undo is never taken on trust', () => {
  it('ignores a forged, correctly chained journal entry: rollback grants nothing and leaves the key contained', async () => {
    await runSteps('rk-1', containAlice, deps());
    const [real] = await timeline.list('rk-1').then((l) => l.filter((e) => e.type === 'step-succeeded'));
    await forge({ ...forgedSuccess, at: '2026-11-28T09:06:00.000Z' });
    await rollback('rk-1', { actor: 'rekey:cli' }, deps());
    expect(sandbox.users.get('mallory')?.inlinePolicies.size).toBe(0);
    // The real journal entry is what is undone: alice's key comes back, by the action's own record only.
    expect(real?.writer).toBe('action');
    expect(alicesKey()).toBe('Active');
  });

  it('ignores a journal entry sealed by a function not allowed to write it', async () => {
    await runSteps('rk-1', containAlice, deps());
    await timeline.as('notify').append('rk-1', { ...forgedSuccess, at: '2026-11-28T09:06:00.000Z' });
    await rollback('rk-1', { actor: 'rekey:cli', step: 'deactivate-key' }, deps());
    expect(sandbox.users.get('mallory')?.inlinePolicies.size).toBe(0);
  });

  it('is not fooled by a forged "already done" into skipping containment', async () => {
    await forge(forgedSuccess);
    await runSteps('rk-1', containAlice, deps());
    expect(alicesKey()).toBe('Inactive');
  });

  it('refuses an undo outside the incident, onto a protected principal, or one that would allow anything', () => {
    const scope = {
      targets: new Set(['alice', 'AKIAIOSFODNN7EXAMPLE', `arn:aws:iam::${account}:role/rekey-prod-action`]),
      accountId: account,
      protection: { protectedPrincipals: [], ownRoles: [`arn:aws:iam::${account}:role/rekey-prod-*`] },
    };
    const put = (name: string, kind: 'user' | 'role', effect: string) => ({
      operation: 'iam:PutInlinePolicy',
      parameters: {
        principal: { kind, name },
        policyName: 'rekey-revoke-sessions-rk-1',
        document: { Version: '2012-10-17', Statement: [{ Effect: effect, Action: '*', Resource: '*' }] },
      },
    });
    expect(undoRefusal(put('mallory', 'user', 'Deny'), scope)).toMatch(/touches mallory/);
    expect(undoRefusal(put('alice', 'user', 'Allow'), scope)).toMatch(/allows something/);
    expect(undoRefusal(put('rekey-prod-action', 'role', 'Deny'), scope)).toMatch(/Rekey's own roles/);
    expect(
      undoRefusal(
        {
          operation: 'iam:UpdateAccessKey',
          parameters: { userName: 'alice', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', status: 'Inactive' },
        },
        scope,
      ),
    ).toMatch(/only ever reactivates/);
    expect(
      undoRefusal(
        {
          operation: 'rekey:DetachAndDeleteManagedPolicy',
          parameters: {
            principal: { kind: 'user', name: 'alice' },
            policyArn: 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3',
          },
        },
        scope,
      ),
    ).toMatch(/not one of Rekey's own/);
    expect(
      undoRefusal(
        {
          operation: 'iam:UpdateAccessKey',
          parameters: { userName: 'alice', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', status: 'Active' },
        },
        scope,
      ),
    ).toBeUndefined();
  });
});

describe('a restore is carried out on an approval the action function reads itself', () => {
  const responders = [
    {
      slackUserId: 'U0HEIDI',
      name: 'Heidi',
      email: 'heidi@example.com',
      principals: ['arn:aws:iam::1:user/heidi'],
    },
    {
      slackUserId: 'U0IVAN',
      name: 'Ivan',
      email: 'ivan@example.com',
      principals: ['arn:aws:iam::1:user/ivan'],
    },
    {
      slackUserId: 'U0ALICE',
      name: 'Alice',
      email: 'alice@example.com',
      principals: [`arn:aws:iam::${account}:user/alice`],
    },
  ];
  const record = (over: Partial<ApprovalRecord>): ApprovalRecord => ({
    incidentId: 'rk-1',
    step: restoreStep('deactivate-key'),
    taskToken: '',
    requestedAt: '2026-11-28T09:10:00.000Z',
    deadline: '2026-11-29T09:10:00.000Z',
    summary: 'Restore what deactivate-key changed',
    subjectPrincipals: [`arn:aws:iam::${account}:user/alice`],
    status: 'approved',
    decidedBy: 'U0HEIDI,U0IVAN',
    approvedBy: ['U0HEIDI', 'U0IVAN'],
    ...over,
  });
  const restore = async (approvals: MemoryApprovalStore) =>
    carryOutRestore({ incidentId: 'rk-1', step: 'deactivate-key' }, { ...deps(), approvals, responders });

  it.each([
    ['no restore approval at all', undefined, /no restore was requested/],
    ['a pending one', record({ status: 'pending', decidedBy: undefined }), /is pending, not approved/],
    ['one responder only', record({ decidedBy: 'U0HEIDI', approvedBy: ['U0HEIDI'] }), /holds 1/],
    [
      'an approval that was used already',
      record({ claimedAt: '2026-11-28T09:20:00.000Z' }),
      /carried out already/,
    ],
    ['an expired one', record({ deadline: '2026-11-28T09:00:00.000Z' }), /expired/],
    [
      'one approver mapped to the exposed principal',
      record({ decidedBy: 'U0HEIDI,U0ALICE', approvedBy: ['U0HEIDI', 'U0ALICE'] }),
      /holds 1/,
    ],
  ])('refuses a request with %s, and changes nothing', async (_what, approval, reason) => {
    await runSteps('rk-1', containAlice, deps());
    const approvals = new MemoryApprovalStore();
    if (approval) await approvals.create(approval);
    const [result] = await restore(approvals);
    expect(result).toMatchObject({ result: 'refused', detail: expect.stringMatching(reason) });
    expect(alicesKey()).toBe('Inactive');
    const entries = await timeline.list('rk-1');
    expect(entries.at(-1)).toMatchObject({ type: 'rollback-failed', writer: 'action' });
  });

  it('restores once on two responders approval, and never again on the same approval', async () => {
    await runSteps('rk-1', containAlice, deps());
    const approvals = new MemoryApprovalStore();
    await approvals.create(record({}));
    expect(await restore(approvals)).toEqual([expect.objectContaining({ result: 'restored' })]);
    expect(alicesKey()).toBe('Active');
    // Contained again later: the same approval, replayed, must not undo it.
    for (const key of sandbox.users.get('alice')?.accessKeys ?? []) key.status = 'Inactive';
    expect(await restore(approvals)).toEqual([expect.objectContaining({ result: 'refused' })]);
    expect(alicesKey()).toBe('Inactive');
  });
});
