import { beforeEach, describe, expect, it } from 'vitest';
import { CallbackNotifier } from '../../../src/adapters/local/callback-notifier.js';
import { MemoryApprovalStore } from '../../../src/adapters/local/memory-approval-store.js';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import {
  type ApprovalDeps,
  decideApproval,
  recordApprovalTimeout,
  requestApproval,
} from '../../../src/app/approvals.js';
import type { Notice } from '../../../src/ports/notifier.js';
import { ManualClock } from '../../support/fixed-clock.js';
import { aliceIncident } from '../../support/incident.js';
import { RecordingWorkflow } from '../../support/recording-workflow.js';

const incident = aliceIncident({ drill: true });

let deps: ApprovalDeps & { workflow: RecordingWorkflow; clock: ManualClock; timeline: MemoryTimelineStore };
let notices: Notice[];

beforeEach(async () => {
  notices = [];
  deps = {
    approvals: new MemoryApprovalStore(),
    notifier: new CallbackNotifier('test', (n) => notices.push(n)),
    timeline: new MemoryTimelineStore(),
    workflow: new RecordingWorkflow(),
    clock: new ManualClock('2026-11-28T09:00:00Z'),
    responders: [
      {
        slackUserId: 'U0BOB',
        name: 'Bob',
        email: 'bob@example.com',
        principals: ['arn:aws:iam::111122223333:user/bob'],
      },
      {
        slackUserId: 'U0ALICE',
        name: 'Alice',
        email: 'alice@example.com',
        principals: ['arn:aws:iam::111122223333:user/alice'],
      },
    ],
  };
  await requestApproval(
    { incident, step: 'contain', taskToken: 'token-1', summary: 'Contain', timeoutSeconds: 1800 },
    deps,
  );
});

const decide = (slackUserId: string, decision: 'approve' | 'deny' = 'approve') =>
  decideApproval({ incidentId: 'rk-1', step: 'contain', slackUserId, decision }, deps);

/** Asks for a two-person approval of step `root`. */
const requestTwoPerson = () =>
  requestApproval(
    {
      incident,
      step: 'root',
      taskToken: 'token-2',
      summary: 'Root',
      timeoutSeconds: 1800,
      approversNeeded: 2,
    },
    deps,
  );

describe('who is clicking', () => {
  const responder = (slackUserId: string, email: string, principals: string[]) => ({
    slackUserId,
    name: slackUserId,
    email,
    principals,
  });

  it.each([
    [
      'a second Slack account of alice, mapped to no AWS principal',
      responder('U0ALICE2', 'alice.home@example.com', []),
      /not mapped to an AWS identity Rekey can resolve/,
    ],
    [
      'a responder mapped to something that is no principal ARN',
      responder('U0ODD', 'odd@example.com', ['alice']),
      /not mapped to an AWS identity Rekey can resolve \(alice\)/,
    ],
    [
      'alice mapped with an IAM path and other case',
      responder('U0AL', 'al@example.com', ['arn:aws:iam::111122223333:user/eng/Alice']),
      /mapped to the exposed principal/,
    ],
  ])('refuses %s, and the step stays waiting', async (_who, clicker, reason) => {
    deps.responders = [...deps.responders, clicker];
    const result = await decide(clicker.slackUserId, 'deny');
    expect(result).toEqual({ accepted: false, reason: expect.stringMatching(reason) });
    expect(deps.workflow.settled).toEqual([]);
    expect((await deps.approvals.get('rk-1', 'contain'))?.status).toBe('pending');
    const entries = await deps.timeline.list('rk-1');
    expect(entries.at(-1)).toMatchObject({ type: 'approval-click-rejected', writer: 'slack' });
  });

  it('lets another Identity Center user of the same permission set decide: the role is shared, the user is not', async () => {
    const sso = 'AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b';
    const roleArn = `arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/${sso}`;
    await requestApproval(
      {
        incident: {
          ...aliceIncident({ id: 'rk-3' }),
          exposure: {
            ...aliceIncident().exposure,
            kind: 'role-session',
            principal: { type: 'AssumedRole', name: sso, arn: roleArn, sessionName: 'carol@example.com' },
          },
        },
        step: 'contain',
        taskToken: 'token-4',
        summary: 'Contain',
        timeoutSeconds: 1800,
      },
      deps,
    );
    deps.responders = [
      responder('U0DAVE', 'dave@example.com', [
        `arn:aws:sts::111122223333:assumed-role/${sso}/dave@example.com`,
      ]),
      responder('U0ROLE', 'role@example.com', [roleArn]),
    ];
    const decideRk3 = (slackUserId: string) =>
      decideApproval({ incidentId: 'rk-3', step: 'contain', slackUserId, decision: 'approve' }, deps);
    // Mapped to the whole role (anyone of the permission set, carol included): refused.
    await expect(decideRk3('U0ROLE')).resolves.toMatchObject({ accepted: false });
    await expect(decideRk3('U0DAVE')).resolves.toEqual({ accepted: true });
  });

  it('refuses anyone who is the Identity Center user behind an exposed session, in any account', async () => {
    const sso = 'AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b';
    await requestApproval(
      {
        incident: {
          ...aliceIncident({ id: 'rk-2' }),
          exposure: {
            ...aliceIncident().exposure,
            kind: 'role-session',
            principal: {
              type: 'AssumedRole',
              name: sso,
              arn: `arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/${sso}`,
              sessionName: 'carol@example.com',
            },
          },
        },
        step: 'contain',
        taskToken: 'token-3',
        summary: 'Contain',
        timeoutSeconds: 1800,
      },
      deps,
    );
    deps.responders = [
      responder('U0CAROL', 'carol@example.com', [
        'arn:aws:sts::999900001111:assumed-role/AWSReservedSSO_Responder_0a1b2c3d4e5f6a7b/carol@example.com',
      ]),
    ];
    const result = await decideApproval(
      { incidentId: 'rk-2', step: 'contain', slackUserId: 'U0CAROL', decision: 'deny' },
      deps,
    );
    expect(result).toEqual({
      accepted: false,
      reason: expect.stringMatching(/mapped to the exposed principal/),
    });
  });
});

describe('approvals', () => {
  it('asks the responders without ever showing the task token', () => {
    expect(notices).toHaveLength(1);
    expect(JSON.stringify(notices)).not.toContain('token-1');
  });

  it('lists each element a once-per-element step will change, so the responder sees what the sweep touches', async () => {
    const made = { at: '2026-11-28T16:01:00Z', by: 'AKIADEPLOYBOT0000001', call: 'iam:CreateAccessKey' };
    await requestApproval(
      {
        incident,
        step: 'sweep-persistence',
        taskToken: 'token-8',
        summary: 'Sweep the persistence the attacker created',
        timeoutSeconds: 1800,
        items: [
          {
            kind: 'access-key',
            userName: 'bob',
            accessKeyId: 'AKIABOBBACKDOOR00001',
            onCreated: false,
            ...made,
            accountId: '444455556666',
          },
          {
            kind: 'trust-policy',
            roleName: 'payments-deploy',
            principals: ['arn:aws:iam::999988887777:root'],
            ...made,
          },
        ],
      },
      deps,
    );
    expect(notices.at(-1)?.lines).toContain(
      'Each of 2: access-key bob AKIABOBBACKDOOR00001 in account 444455556666; trust-policy payments-deploy arn:aws:iam::999988887777:root',
    );
  });

  it('tells the responder what the step changes, who else it affects and what runs after it on the same approval, with Approve and Deny buttons', async () => {
    await requestApproval(
      {
        incident,
        step: 'revoke',
        taskToken: 'token-9',
        summary: 'Revoke live sessions',
        timeoutSeconds: 1800,
        blastRadius: ['Every session of the user or role issued before now'],
        alsoRuns: ['Contain the source of the role session: its origin key deactivated'],
        executionId: 'arn:aws:states:eu-west-1:111122223333:execution:rekey-prod-exposed-access-key:rk-1',
      },
      deps,
    );
    const notice = notices.at(-1);
    expect(notice?.lines).toContain('Blast radius: Every session of the user or role issued before now');
    expect(notice?.lines).toContain(
      'Then, on this approval: Contain the source of the role session: its origin key deactivated',
    );
    expect(notice?.actions).toEqual([
      { kind: 'approve', step: 'revoke' },
      { kind: 'deny', step: 'revoke' },
    ]);
    expect(notice?.link?.url).toMatch(/^https:\/\/eu-west-1\.console\.aws\.amazon\.com\/states\//);
    expect(JSON.stringify(notice)).not.toContain('token-9');
  });

  it('shows what the earlier step found when the step could have been skipped on it: why a person is asked', async () => {
    await requestApproval(
      {
        incident,
        step: 'restrict-beyond-proof',
        taskToken: 'token-10',
        summary: "Restrict the role's instance credentials to their instances",
        timeoutSeconds: 1800,
        found:
          "held back for a responder: i-0c3d4e5f6a7b8c9d0's internet traffic leaves through tgw-0123456789abcdef0",
      },
      deps,
    );
    expect(notices.at(-1)?.lines).toContain(
      "Rekey found: held back for a responder: i-0c3d4e5f6a7b8c9d0's internet traffic leaves through tgw-0123456789abcdef0",
    );
  });

  it('releases the waiting step when a responder approves, and records who and when', async () => {
    deps.clock.advance(240_000);
    await expect(decide('U0BOB')).resolves.toEqual({ accepted: true });
    expect(deps.workflow.settled).toEqual([
      { token: 'token-1', outcome: 'success', detail: expect.objectContaining({ approvedBy: 'U0BOB' }) },
    ]);
    const decided = (await deps.timeline.list('rk-1')).find((e) => e.type === 'approval-decided');
    expect(decided).toMatchObject({
      actor: 'slack:U0BOB',
      data: { decision: 'approved', waitedMs: 240_000 },
    });
  });

  it('refuses anyone mapped to the exposed principal', async () => {
    await expect(decide('U0ALICE')).resolves.toMatchObject({
      accepted: false,
      reason: expect.stringMatching(/exposed principal/),
    });
    expect(deps.workflow.settled).toEqual([]);
    expect((await deps.timeline.list('rk-1')).some((e) => e.type === 'approval-click-rejected')).toBe(true);
  });

  it('refuses someone who is not a responder', async () => {
    await expect(decide('U0MALLORY')).resolves.toMatchObject({
      accepted: false,
      reason: 'not a configured responder',
    });
  });

  it('fails the waiting step with ApprovalDeniedError when denied', async () => {
    await decide('U0BOB', 'deny');
    expect(deps.workflow.settled[0]).toMatchObject({
      outcome: 'failure',
      detail: { error: 'ApprovalDeniedError' },
    });
  });

  it('counts one person once in a two-person step, whatever Slack accounts they click from', async () => {
    deps.responders = [
      ...deps.responders,
      {
        slackUserId: 'U0BOB2',
        name: 'Bob (second account)',
        email: 'Bob@Example.com',
        principals: ['arn:aws:iam::111122223333:user/bob'],
      },
    ];
    await requestTwoPerson();
    const decideRoot = (slackUserId: string) =>
      decideApproval({ incidentId: 'rk-1', step: 'root', slackUserId, decision: 'approve' }, deps);
    await expect(decideRoot('U0BOB')).resolves.toEqual({ accepted: true });
    await expect(decideRoot('U0BOB2')).resolves.toMatchObject({
      accepted: false,
      reason: expect.stringMatching(/has approved already: a different responder must approve/),
    });
    expect(deps.workflow.settled).toEqual([]);
  });

  it('releases a two-person step only on the approval of a second, different responder', async () => {
    deps.responders = [
      ...deps.responders,
      {
        slackUserId: 'U0CAROL',
        name: 'Carol',
        email: 'carol@example.com',
        principals: ['arn:aws:iam::111122223333:user/carol'],
      },
    ];
    await requestTwoPerson();
    const decideRoot = (slackUserId: string) =>
      decideApproval({ incidentId: 'rk-1', step: 'root', slackUserId, decision: 'approve' }, deps);
    await expect(decideRoot('U0BOB')).resolves.toEqual({ accepted: true });
    expect(deps.workflow.settled).toEqual([]);
    await expect(decideRoot('U0BOB')).resolves.toMatchObject({
      accepted: false,
      reason: expect.stringMatching(/a different responder must approve/),
    });
    expect(deps.workflow.settled).toEqual([]);
    await expect(decideRoot('U0CAROL')).resolves.toEqual({ accepted: true });
    expect(deps.workflow.settled).toEqual([
      {
        token: 'token-2',
        outcome: 'success',
        detail: expect.objectContaining({ approvedBy: 'U0BOB,U0CAROL' }),
      },
    ]);
    const decisions = (await deps.timeline.list('rk-1'))
      .filter((e) => e.type === 'approval-decided' && e.step === 'root')
      .map((e) => e.data?.decision);
    expect(decisions).toEqual(['approval-recorded', 'approved']);
  });

  it('lets one responder deny a two-person step at once', async () => {
    await requestTwoPerson();
    await decideApproval({ incidentId: 'rk-1', step: 'root', slackUserId: 'U0BOB', decision: 'deny' }, deps);
    expect(deps.workflow.settled).toEqual([
      expect.objectContaining({ token: 'token-2', outcome: 'failure' }),
    ]);
  });

  it('accepts one decision only', async () => {
    await decide('U0BOB');
    await expect(decide('U0BOB', 'deny')).resolves.toMatchObject({
      accepted: false,
      reason: 'the request is already approved',
    });
    expect(deps.workflow.settled).toHaveLength(1);
  });

  it('refuses a decision after the deadline, and records the timeout', async () => {
    deps.clock.advance(1801_000);
    await expect(decide('U0BOB')).resolves.toMatchObject({
      accepted: false,
      reason: 'the request has timed out',
    });
    await recordApprovalTimeout('rk-1', 'contain', deps);
    expect((await deps.approvals.get('rk-1', 'contain'))?.status).toBe('timed-out');
  });
});
