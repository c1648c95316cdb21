import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemorySlackThreads } from '../../../../src/adapters/local/memory-slack-threads.js';
import { MemoryTimelineStore } from '../../../../src/adapters/local/memory-timeline-store.js';
import { slackClient } from '../../../../src/adapters/slack/client.js';
import { SlackNotifier } from '../../../../src/adapters/slack/slack-notifier.js';
import { notify } from '../../../../src/app/notify.js';
import { chainEntry, type TimelineDraft } from '../../../../src/domain/timeline.js';
import type { Notice } from '../../../../src/ports/notifier.js';
import { FakeSlack } from '../../../support/fake-slack.js';
import { ManualClock } from '../../../support/fixed-clock.js';

let slack: FakeSlack;
let notifier: SlackNotifier;

const opened: Notice = {
  incidentId: 'rk-1',
  kind: 'incident-opened',
  title: 'Exposed credential: incident opened (rk-1)',
  lines: [
    'access key AKIAIOSFODNN7EXAMPLE of alice: arn:aws:iam::111122223333:user/alice (account 111122223333)',
    'UnauthorizedAccess:IAMUser/TorIPCaller via aws.guardduty, severity 5',
  ],
  drill: true,
};
const asked: Notice = {
  incidentId: 'rk-1',
  kind: 'approval-requested',
  title: 'Approve: Deactivate the exposed access key',
  lines: ['Answer by 2026-11-28T09:30:00Z'],
  drill: true,
  step: 'deactivate-key',
  actions: [
    { kind: 'approve', step: 'deactivate-key' },
    { kind: 'deny', step: 'deactivate-key' },
  ],
  key: 'approval:deactivate-key',
  link: {
    text: 'Step Functions execution',
    url: 'https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1#/v2/executions/details/x',
  },
};

beforeEach(async () => {
  slack = new FakeSlack();
  const url = await slack.start();
  notifier = new SlackNotifier({
    client: slackClient('xoxb-test', {
      apiUrl: url,
      retries: { retries: 2, minTimeout: 10, maxTimeout: 20 },
    }),
    channel: 'C0INCIDENTS',
    threads: new MemorySlackThreads(),
  });
});
afterEach(() => slack.stop());

const texts = (blocks: unknown) => JSON.stringify(blocks);
const replies = () => slack.of('chat.postMessage').filter((c) => c.args.thread_ts);
const contained: Notice = {
  incidentId: 'rk-1',
  kind: 'contained',
  title: 'Contained (rk-1)',
  lines: ['✓ AKIAIOSFODNN7EXAMPLE of alice set to Inactive (was Active)'],
  drill: true,
  id: 'notice-1',
};

describe('the Slack notifier, through the real Web API client', () => {
  it('opens one root message per incident, marked as a drill, and keeps it up to date', async () => {
    await notifier.send(opened);
    const [root] = slack.of('chat.postMessage');
    expect(root?.token).toBe('xoxb-test');
    expect(root?.args).toMatchObject({ channel: 'C0INCIDENTS', text: expect.stringMatching(/^\[DRILL\]/) });
    expect(texts(root?.args.blocks)).toContain('access key AKIAIOSFODNN7EXAMPLE of alice');
    expect(texts(root?.args.blocks)).toContain('nothing real was changed');
    await notifier.send(asked);
    const updates = slack.of('chat.update');
    expect(updates.at(-1)?.args).toMatchObject({ ts: '1700000001.000100' });
    expect(texts(updates.at(-1)?.args.blocks)).toContain('⏳ deactivate-key');
  });

  it('asks in the thread with Approve and Deny buttons that carry the incident and step, never a token', async () => {
    await notifier.send(opened);
    await notifier.send(asked);
    const reply = slack.of('chat.postMessage')[1];
    expect(reply?.args.thread_ts).toBe('1700000001.000100');
    const blocks = (reply?.args.blocks ?? []) as Array<{
      type: string;
      elements?: Array<Record<string, unknown>>;
    }>;
    const actions = blocks.find((b) => b.type === 'actions');
    expect(actions?.elements?.map((e) => e.action_id)).toEqual(['rekey_approve', 'rekey_deny']);
    expect(JSON.parse(String(actions?.elements?.[0]?.value))).toEqual({
      incidentId: 'rk-1',
      step: 'deactivate-key',
    });
    expect(texts(reply?.args.blocks)).not.toMatch(/token/i);
    expect(texts(reply?.args.blocks)).toContain('console.aws.amazon.com/states');
  });

  it('replaces the approval message in place once decided, and clears it from what the incident waits on', async () => {
    await notifier.send(opened);
    await notifier.send(asked);
    const askedTs = '1700000002.000100';
    await notifier.send({
      incidentId: 'rk-1',
      kind: 'approval-decided',
      title: 'Approved: Deactivate the exposed access key',
      lines: ['✅ Approved by Bob at 2026-11-28T09:04:00.000Z'],
      drill: true,
      step: 'deactivate-key',
      replaces: 'approval:deactivate-key',
    });
    const replaced = slack.of('chat.update').find((c) => c.args.ts === askedTs);
    expect(texts(replaced?.args.blocks)).toContain('Approved by Bob');
    expect(texts(replaced?.args.blocks)).not.toContain('rekey_approve');
    expect(texts(slack.of('chat.update').at(-1)?.args.blocks)).not.toContain('⏳');
    expect(slack.of('chat.postMessage')).toHaveLength(2);
  });

  it('lists what containment did on the root message and offers to restore each change', async () => {
    await notifier.send(opened);
    await notifier.send({
      incidentId: 'rk-1',
      kind: 'contained',
      title: 'Contained (rk-1)',
      lines: ['✓ AKIAIOSFODNN7EXAMPLE of alice set to Inactive (was Active)'],
      drill: true,
      actions: [{ kind: 'restore', step: 'deactivate-key' }],
    });
    const reply = slack.of('chat.postMessage')[1];
    expect(texts(reply?.args.blocks)).toContain('rekey_restore');
    const root = slack.of('chat.update').at(-1);
    expect(texts(root?.args.blocks)).toContain('✓ AKIAIOSFODNN7EXAMPLE of alice set to Inactive');
    expect(root?.args.text).toMatch(/Contained/);
  });

  it('never shows a thread as contained when elements of a step failed', async () => {
    await notifier.send(opened);
    await notifier.send({
      incidentId: 'rk-1',
      kind: 'contained',
      title: 'Not contained: all 1 failed, responders must act (rk-1)',
      lines: ['✗ sweep-persistence[0] failed: AccessDenied'],
      drill: true,
    });
    const root = slack.of('chat.update').at(-1);
    expect(root?.args.text).toMatch(/Not all contained: responders must act/);
    expect(root?.args.text).not.toMatch(/Contained: verifying/);
    await notifier.send({
      incidentId: 'rk-1',
      kind: 'contained',
      title: 'Contained (rk-1)',
      lines: ['✓ AKIAIOSFODNN7EXAMPLE of alice set to Inactive (was Active)'],
      drill: true,
    });
    expect(slack.of('chat.update').at(-1)?.args.text).toMatch(/Not all contained/);
  });

  it('shows the thread as contained so far while later steps may still change more, then contained', async () => {
    await notifier.send(opened);
    const step = (lines: string[]) =>
      notifier.send({ incidentId: 'rk-1', kind: 'contained', title: 'Contained (rk-1)', lines, drill: true });
    await step(['✓ revoked', 'May still run: Contain the source of the role session']);
    expect(slack.of('chat.update').at(-1)?.args.text).toMatch(/Contained so far: more steps may run/);
    await step(['✓ source contained']);
    expect(slack.of('chat.update').at(-1)?.args.text).toMatch(/Contained: verifying/);
  });

  it('waits out a 429 for its Retry-After and then delivers', async () => {
    slack.script('chat.postMessage', { status: 429, retryAfter: 7 });
    // The wait the client asks for is recorded, not spent: the test takes no real second.
    const real = globalThis.setTimeout;
    const asked: number[] = [];
    const timers = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
      fn: (...args: unknown[]) => void,
      ms?: number,
      ...args: unknown[]
    ) => {
      asked.push(ms ?? 0);
      return real(fn, 0, ...args);
    }) as typeof setTimeout);
    try {
      await notifier.send(opened);
    } finally {
      timers.mockRestore();
    }
    expect(slack.of('chat.postMessage')).toHaveLength(2);
    expect(asked).toContain(7000);
  });

  it('retries a 500, and when Slack stays down the failure is recorded, never thrown at the playbook', async () => {
    slack.script('chat.postMessage', { status: 500 });
    await notifier.send(opened);
    expect(slack.of('chat.postMessage')).toHaveLength(2);

    slack.script('chat.postMessage', { status: 500 }, { status: 500 }, { status: 500 });
    const timeline = new MemoryTimelineStore();
    const delivered = await notify(
      { ...opened, incidentId: 'rk-2' },
      { notifier, timeline, clock: new ManualClock('2026-11-28T09:00:00Z') },
    );
    expect(delivered).toBe(false);
    expect((await timeline.list('rk-2')).map((e) => e.type)).toEqual(['notification-failed']);
  });

  it('keeps one thread when two notices of a new incident race', async () => {
    await Promise.all([notifier.send(opened), notifier.send(asked)]);
    const roots = slack.of('chat.postMessage').filter((c) => !c.args.thread_ts);
    const deleted = slack.of('chat.delete').map((c) => c.args.ts);
    expect(roots.length - deleted.length).toBe(1);
  });

  it('posts a notice once under its id: a repeated invocation (Lambda retrying after the post) posts nothing', async () => {
    const timeline = new MemoryTimelineStore();
    const deps = { notifier, timeline, clock: new ManualClock('2026-11-28T09:00:00Z') };
    await notifier.send(opened);
    expect(await notify(contained, deps)).toBe(true);
    expect(await notify(contained, deps)).toBe(true);
    expect(replies()).toHaveLength(1);
    // The thread advanced once: the change is listed once on the root message.
    const root = texts(slack.of('chat.update').at(-1)?.args.blocks);
    expect(root.split('set to Inactive').length - 1).toBe(1);
    expect((await timeline.list('rk-1')).map((e) => [e.type, e.data?.noticeId])).toEqual([
      ['notification-sent', 'notice-1'],
    ]);
    // Another notice, even with the same words, is its own.
    await notify({ ...contained, id: 'notice-2' }, deps);
    expect(replies()).toHaveLength(2);
  });

  it('is not silenced by a record of the notice that no notifier sealed, nor stopped by a timeline it cannot read', async () => {
    const timeline = new MemoryTimelineStore();
    const clock = new ManualClock('2026-11-28T09:00:00Z');
    const forged = (writer: 'triage' | 'approval') =>
      chainEntry(
        'rk-1',
        undefined,
        {
          type: 'notification-sent',
          at: '2026-11-28T08:59:00.000Z',
          actor: 'rekey:notify',
          summary: 'Notified slack:C0INCIDENTS: Contained (rk-1)',
          data: { kind: 'contained', channel: 'slack:C0INCIDENTS', noticeId: 'notice-1' },
        },
        writer,
      );
    // Chained but unsealed, as anyone who can write the table writes it (claiming the very writer this store seals
    // notices as); then sealed by a function that may not record notices, and by another notifier.
    timeline.overwrite('rk-1', [forged('approval')]);
    await timeline.as('triage').append('rk-1', { ...(forged('triage') as TimelineDraft) });
    await timeline.as('slack').append('rk-1', { ...(forged('triage') as TimelineDraft) });
    expect(await notify(contained, { notifier, timeline, clock })).toBe(true);
    expect(replies()).toHaveLength(1);
    const unreadable = Object.assign(Object.create(timeline), {
      list: async () => {
        throw Object.assign(new Error('DynamoDB unavailable'), { name: 'InternalServerError' });
      },
    });
    expect(await notify({ ...contained, id: 'notice-3' }, { notifier, timeline: unreadable, clock })).toBe(
      true,
    );
    expect(replies()).toHaveLength(2);
  });
});
