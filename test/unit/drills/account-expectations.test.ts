import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { sharedOrganisation } from '../../../src/adapters/sandbox/sandbox-account-seed.js';
import type { Incident } from '../../../src/domain/incident.js';
import type { TimelineEntry } from '../../../src/domain/timeline.js';
import { checkExpectations, type DrillWorld } from '../../../src/drills/drill-expectations.js';
import { ExpectationSchema } from '../../../src/drills/expectation-schema.js';
import { ManualClock } from '../../support/fixed-clock.js';

const OPENED = '2026-11-28T09:00:00.000Z';

function world(overrides: Partial<DrillWorld> = {}): DrillWorld {
  const sandbox = new SandboxAccount(
    {
      id: '111122223333',
      region: 'us-east-1',
      roles: [
        {
          name: 'deploy-role',
          managedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
          inlinePolicies: {
            'rekey-revoke-sessions': {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Deny',
                  Action: '*',
                  Resource: '*',
                  Condition: { DateLessThan: { 'aws:TokenIssueTime': '2026-11-28T09:04:00Z' } },
                },
              ],
            },
          },
        },
        // Denied only before a time long past: not a revocation of this incident's sessions.
        {
          name: 'old-role',
          inlinePolicies: {
            old: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Deny',
                  Action: '*',
                  Resource: '*',
                  Condition: { DateLessThan: { 'aws:TokenIssueTime': '2025-01-01T00:00:00Z' } },
                },
              ],
            },
          },
        },
      ],
      secrets: [
        {
          name: 'db',
          versions: [
            { id: 'v-old', stages: ['AWSPREVIOUS'], createdAt: '2026-10-01T00:00:00Z' },
            { id: 'v-new', stages: ['AWSCURRENT'], createdAt: '2026-11-28T09:05:00Z' },
          ],
        },
      ],
      organization: {
        managementAccountId: '999900001111',
        policies: [
          {
            id: 'p-abcdefgh',
            name: 'rekey-deny-root-rk-20261128-d1d20e83',
            document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] },
            targets: ['111122223333'],
          },
        ],
      },
    },
    new ManualClock(OPENED),
  );
  return {
    sandbox,
    incidents: [{ id: 'rk-1', openedAt: OPENED } as Incident],
    timelines: new Map(),
    reviews: new Map(),
    deadLetters: 0,
    playbookRuns: 1,
    ...overrides,
  };
}

/** Each expectation's verdict against the world. */
const verdicts = (w: DrillWorld, ...raw: unknown[]) =>
  checkExpectations(
    raw.map((r) => ExpectationSchema.parse(r)),
    w,
  ).map((r) => r.passed);

describe('expectations about the accounts', () => {
  it("holds a role's sessions revoked only for a token-issue-time deny from the incident on", () => {
    expect(
      verdicts(
        world(),
        { roleSessionsRevoked: 'deploy-role' },
        { roleSessionsRevoked: 'old-role' },
        { roleSessionsRevoked: 'nobody' },
      ),
    ).toEqual([true, false, false]);
  });

  it('holds managed policies and SCPs attached, by name with * for the incident id', () => {
    expect(
      verdicts(
        world(),
        { attached: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], to: 'role/deploy-role' },
        { attached: ['arn:aws:iam::aws:policy/AdministratorAccess'], to: 'role/deploy-role' },
        { attached: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], to: 'user/deploy-role' },
        { scpsAttached: ['rekey-deny-root-*'], account: '111122223333' },
        { scpsAttached: ['rekey-deny-root'], account: '111122223333' },
        { scpsAttached: ['rekey-deny-root-*'], account: '444455556666' },
      ),
    ).toEqual([true, false, false, true, false, false]);
  });

  it('holds staging labels on a version id, on a new version, or on none', () => {
    expect(
      verdicts(
        world(),
        { secret: 'db', stages: { AWSCURRENT: 'new', AWSPREVIOUS: 'v-old', AWSPENDING: 'none' } },
        { secret: 'db', stages: { AWSPREVIOUS: 'new' } },
        { secret: 'db', stages: { AWSCURRENT: 'v-old' } },
        { secret: 'db', stages: { AWSPENDING: 'new' } },
      ),
    ).toEqual([true, false, false, false]);
  });
});

describe('an account Rekey must leave unchanged', () => {
  const DENY = {
    Version: '2012-10-17' as const,
    Statement: [{ Effect: 'Deny' as const, Action: '*', Resource: '*' }],
  };
  /** A member account holding a root with a key, and the organisation's management account, sharing one organisation. */
  function organisation() {
    const shared = sharedOrganisation({ managementAccountId: '999900001111', policies: [] });
    const clock = new ManualClock(OPENED);
    const member = new SandboxAccount(
      { id: '444455556666', root: { accessKeys: [{ id: 'AKIAROOTKEY000000001', createdAt: OPENED }] } },
      clock,
      undefined,
      shared,
    );
    const management = new SandboxAccount({ id: '999900001111' }, clock, undefined, shared);
    return { member, management, w: world({ sandbox: member, members: [management] }) };
  }
  const unchanged = (w: DrillWorld, ...ids: string[]) => verdicts(w, ...ids.map((id) => ({ unchanged: id })));

  it('holds while Rekey only reads there, and fails for an account the drill does not have', () => {
    const { member, w } = organisation();
    member.apiCalls.push({ at: OPENED, operation: 'GetAccessKeyLastUsed', target: 'AKIA' });
    member.apiCalls.push({ at: OPENED, operation: 'UpdateAccessKey (throttled)', target: 'AKIA' });
    expect(unchanged(w, '444455556666', '999900001111', '555566667777')).toEqual([true, true, false]);
  });

  it('fails on a change call recorded there', () => {
    const { member, w } = organisation();
    member.apiCalls.push({ at: OPENED, operation: 'UpdateAccessKey', target: 'AKIA' });
    expect(unchanged(w, '444455556666', '999900001111')).toEqual([false, true]);
  });

  it('fails where Rekey made an SCP (the management account) and where it attached one', async () => {
    const { member, w } = organisation();
    const organizations = member.organizations as NonNullable<typeof member.organizations>;
    const id = await organizations.createServiceControlPolicy('rekey-deny-root-rk-1', DENY);
    expect(unchanged(w, '444455556666', '999900001111')).toEqual([true, false]);
    await organizations.attachPolicy(id, '444455556666');
    expect(unchanged(w, '444455556666', '999900001111')).toEqual([false, false]);
  });

  it("fails where a root session removed the root's credentials", async () => {
    const { member, w } = organisation();
    await member.rootAccessPort()?.deleteCredentials('444455556666');
    expect(unchanged(w, '444455556666', '999900001111')).toEqual([false, true]);
  });
});

describe('expectations about order, reviews and triage', () => {
  const approved = (at: string): TimelineEntry =>
    ({
      seq: 2,
      type: 'approval-decided',
      at,
      step: 'deactivate-key',
      actor: 'slack:U0BOB',
      summary: '',
      data: { decision: 'approved' },
    }) as unknown as TimelineEntry;

  it('fails when Rekey changed anything before the approval, or anything at all without one', () => {
    const w = world({ timelines: new Map([['rk-1', [approved('2026-11-28T09:04:00.000Z')]]]) });
    w.sandbox.apiCalls.push({ at: '2026-11-28T09:01:00.000Z', operation: 'ListAccessKeys', target: 'alice' });
    expect(verdicts(w, { noChangeBefore: 'deactivate-key' })).toEqual([true]);
    w.sandbox.apiCalls.push({ at: '2026-11-28T09:04:00.000Z', operation: 'UpdateAccessKey', target: 'AKIA' });
    expect(verdicts(w, { noChangeBefore: 'deactivate-key' })).toEqual([true]);
    w.sandbox.apiCalls.push({ at: '2026-11-28T09:03:59.000Z', operation: 'PutUserPolicy', target: 'alice' });
    expect(verdicts(w, { noChangeBefore: 'deactivate-key' })).toEqual([false]);
    const never = world();
    never.sandbox.apiCalls.push({ at: '2026-11-28T09:30:00.000Z', operation: 'TagUser', target: 'alice' });
    expect(verdicts(never, { noChangeBefore: 'deactivate-key' })).toEqual([false]);
  });

  it("reads a review's section up to the next heading, and triage's ignored reasons", () => {
    const dir = mkdtempSync(join(tmpdir(), 'rekey-review-'));
    const path = join(dir, 'rk-1.md');
    writeFileSync(
      path,
      '# rk-1\n\n## Follow-ups\n\n- [ ] Rotate the key\n\n## Questions for the team\n\n- Why alice?\n',
    );
    const w = world({
      reviews: new Map([['rk-1', path]]),
      ignored: ['a sample finding: reported, never acted on'],
    });
    expect(
      verdicts(
        w,
        { reviewSection: 'Follow-ups', includes: 'Rotate the key' },
        { reviewSection: 'Follow-ups', includes: 'Why alice?' },
        { reviewSection: 'Changes', includes: 'Rotate' },
        { ignored: 'a sample finding' },
        { ignored: 'protected' },
      ),
    ).toEqual([true, false, false, true, false]);
  });
});
