import type { WebClient } from '@slack/web-api';
import type { Notice, Notifier } from '../../ports/notifier.js';
import type { SlackThread, SlackThreadStore } from '../../ports/slack-threads.js';
import { fallbackText, noticeBlocks, rootBlocks } from './blocks.js';

/** The root message's status line after a notice of each kind. */
const STATUS: Partial<Record<Notice['kind'] | 'contained-so-far', string>> = {
  'incident-opened': '🔴 Exposed credential: containing',
  'approval-requested': '🟠 Waiting for a responder',
  contained: '🟢 Contained: verifying',
  'contained-so-far': '🟡 Contained so far: more steps may run',
  escalated: '🚨 Escalated: responders must act',
  breached: '🔴 Containment breached: re-raised',
  dismissed: '⚪ Dismissed by a responder',
  closed: '⚪ Closed',
};

/** A step's notice listing elements that failed: the thread must not read as contained. */
const PARTLY_CONTAINED = '🚨 Not all contained: responders must act';

/** How often a lost race on the thread record is retried (each retry re-reads it). */
const WRITE_ATTEMPTS = 5;

/** The thread after a notice: status, done and pending. */
function advance(thread: SlackThread, notice: Notice): SlackThread {
  const pending = thread.pending.filter((p) => !(notice.step && notice.replaces && p === notice.step));
  if (notice.kind === 'approval-requested' && notice.step && !pending.includes(notice.step))
    pending.push(notice.step);
  const done =
    notice.kind === 'contained'
      ? [...thread.done, ...notice.lines.filter((l) => l.startsWith('✓ ')).map((l) => l.slice(2))]
      : thread.done;
  // A decision ends the wait, not the incident: a later status (contained, dismissed) is never undone by it.
  const waiting = thread.status === STATUS['approval-requested'];
  const status =
    notice.kind === 'approval-decided'
      ? waiting && pending.length === 0
        ? (STATUS['incident-opened'] as string)
        : thread.status
      : notice.kind === 'contained' &&
          (thread.status === PARTLY_CONTAINED || notice.lines.some((l) => l.startsWith('✗ ')))
        ? // Once a step's element failed, a later step's success does not make the incident contained.
          PARTLY_CONTAINED
        : notice.kind === 'contained' && notice.lines.some((l) => l.startsWith('May still run: '))
          ? (STATUS['contained-so-far'] as string)
          : (STATUS[notice.kind] ?? thread.status);
  return { ...thread, status, pending, done };
}

/**
 * Notices to Slack with the real Web API client: one root message per incident, kept up to date with `chat.update`
 * (status, what was exposed, steps done and pending), each notice a reply in its thread, approval messages replaced
 * in place once decided. Rate limits are the client's to respect (it waits out `Retry-After` on 429).
 */
export class SlackNotifier implements Notifier {
  constructor(private readonly options: { client: WebClient; channel: string; threads: SlackThreadStore }) {}

  async send(notice: Notice): Promise<{ channel: string }> {
    const { client, channel } = this.options;
    const thread = await this.thread(notice);
    let posted: string | undefined;
    if (notice.kind !== 'incident-opened') {
      const replaced = notice.replaces ? thread.messages[notice.replaces] : undefined;
      const message = { channel: thread.channel, text: fallbackText(notice), blocks: noticeBlocks(notice) };
      if (replaced) await client.chat.update({ ...message, ts: replaced });
      else posted = (await client.chat.postMessage({ ...message, thread_ts: thread.ts })).ts;
    }
    // One write: the new status, and where the reply is for a later notice to replace.
    await this.update(notice.incidentId, (t) => {
      const next = advance(t, notice);
      return notice.key && posted ? { ...next, messages: { ...t.messages, [notice.key]: posted } } : next;
    });
    // The newest state, whichever notice wrote it: concurrent notices never leave an older one on top.
    const current = (await this.options.threads.get(notice.incidentId)) as SlackThread;
    await client.chat.update({
      channel: current.channel,
      ts: current.ts,
      text: fallbackText({ title: current.status, drill: current.drill }),
      blocks: rootBlocks(current),
    });
    return { channel: `slack:${channel}` };
  }

  /** The incident's thread, its root message posted first if it has none (a lost race deletes the extra one). */
  private async thread(notice: Notice): Promise<SlackThread> {
    const { client, channel, threads } = this.options;
    const existing = await threads.get(notice.incidentId);
    if (existing) return existing;
    const created: SlackThread = {
      incidentId: notice.incidentId,
      channel,
      ts: '',
      drill: notice.drill,
      headline: notice.kind === 'incident-opened' ? notice.lines : [notice.incidentId],
      status: STATUS['incident-opened'] as string,
      done: [],
      pending: [],
      messages: {},
      version: 1,
    };
    const posted = await client.chat.postMessage({
      channel,
      text: fallbackText({ title: created.status, drill: created.drill }),
      blocks: rootBlocks(created),
    });
    const thread = { ...created, channel: posted.channel ?? channel, ts: posted.ts ?? '' };
    if (await threads.put(thread)) return thread;
    await client.chat.delete({ channel: thread.channel, ts: thread.ts }).catch(() => undefined);
    const winner = await threads.get(notice.incidentId);
    if (!winner) throw new Error(`the Slack thread of ${notice.incidentId} vanished`);
    return winner;
  }

  /** Applies a change to the stored thread, re-reading and retrying when another notice wrote it first. */
  private async update(
    incidentId: string,
    change: (thread: SlackThread) => SlackThread,
  ): Promise<SlackThread> {
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt += 1) {
      const stored = await this.options.threads.get(incidentId);
      if (!stored) throw new Error(`no Slack thread for ${incidentId}`);
      const next = { ...change(stored), version: stored.version + 1 };
      if (await this.options.threads.put(next)) return next;
    }
    throw new Error(`the Slack thread of ${incidentId} kept changing under ${WRITE_ATTEMPTS} attempts`);
  }
}
