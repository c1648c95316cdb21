import type { Notice, NoticeAction } from '../../ports/notifier.js';
import type { SlackThread } from '../../ports/slack-threads.js';

/** A Block Kit block (the shapes Slack documents; kept loose here). */
export type Block = { type: string; [field: string]: unknown };

/** The action ids of Rekey's buttons; the interactivity endpoint dispatches on them. */
export const ACTION_IDS = {
  approve: 'rekey_approve',
  deny: 'rekey_deny',
  restore: 'rekey_restore',
} as const satisfies Record<NoticeAction['kind'], string>;

/** What a button carries: the incident and step only, never the task token. */
export interface ButtonValue {
  incidentId: string;
  step: string;
}

/** Slack's mrkdwn needs &, < and > escaped; user text must not become links or mentions. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text: clip(text, 3000) });
const DRILL_NOTE = '🧪 *Drill*: a tabletop exercise on a simulated account; nothing real was changed.';

/** The root message of an incident: status, what was exposed, what is done and what waits. */
export function rootBlocks(thread: SlackThread): Block[] {
  const [exposure = thread.incidentId, ...evidence] = thread.headline;
  const blocks: Block[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: clip(`${thread.drill ? '[DRILL] ' : ''}${thread.status}`, 150),
        emoji: true,
      },
    },
    {
      type: 'section',
      text: mrkdwn(`*${escapeMrkdwn(exposure)}*\n${evidence.map(escapeMrkdwn).join('\n')}`),
    },
    {
      type: 'section',
      fields: [
        mrkdwn(`*Incident*\n\`${thread.incidentId}\``),
        mrkdwn(
          `*Waiting on*\n${thread.pending.length ? thread.pending.map((p) => `⏳ ${escapeMrkdwn(p)}`).join('\n') : 'nothing'}`,
        ),
      ],
    },
  ];
  if (thread.done.length > 0)
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `*Done*\n${thread.done
          .slice(-10)
          .map((d) => `✓ ${escapeMrkdwn(d)}`)
          .join('\n')}`,
      ),
    });
  if (thread.drill) blocks.push({ type: 'context', elements: [mrkdwn(DRILL_NOTE)] });
  return blocks;
}

function button(action: NoticeAction, incidentId: string): Record<string, unknown> {
  const value: ButtonValue = { incidentId, step: action.step };
  const base = {
    type: 'button',
    action_id: ACTION_IDS[action.kind],
    value: JSON.stringify(value),
  };
  switch (action.kind) {
    case 'approve':
      return { ...base, style: 'primary', text: { type: 'plain_text', text: 'Approve' } };
    case 'deny':
      return { ...base, style: 'danger', text: { type: 'plain_text', text: 'Deny' } };
    case 'restore':
      return {
        ...base,
        text: { type: 'plain_text', text: clip(`Restore ${action.step}`, 75) },
        confirm: {
          title: { type: 'plain_text', text: 'Undo this change?' },
          text: mrkdwn(
            `This puts back what *${escapeMrkdwn(action.step)}* changed. It needs two responders.`,
          ),
          confirm: { type: 'plain_text', text: 'Restore' },
          deny: { type: 'plain_text', text: 'Cancel' },
        },
      };
  }
}

/** A reply in the incident's thread: the notice, its buttons, and a link to the execution. */
export function noticeBlocks(notice: Notice): Block[] {
  const blocks: Block[] = [
    {
      type: 'section',
      text: mrkdwn(`*${escapeMrkdwn(notice.title)}*\n${notice.lines.map(escapeMrkdwn).join('\n')}`),
    },
  ];
  if (notice.actions?.length)
    blocks.push({
      type: 'actions',
      block_id: `rekey:${notice.kind}:${notice.step ?? ''}`.slice(0, 255),
      elements: notice.actions.slice(0, 25).map((a) => button(a, notice.incidentId)),
    });
  const context = [
    ...(notice.link ? [mrkdwn(`<${notice.link.url}|${escapeMrkdwn(notice.link.text)}>`)] : []),
    ...(notice.drill ? [mrkdwn(DRILL_NOTE)] : []),
  ];
  if (context.length) blocks.push({ type: 'context', elements: context });
  return blocks;
}

/** The plain-text fallback Slack shows in notifications and to screen readers. */
export function fallbackText(notice: Pick<Notice, 'title' | 'drill'>): string {
  return clip(`${notice.drill ? '[DRILL] ' : ''}${notice.title}`, 3000);
}
