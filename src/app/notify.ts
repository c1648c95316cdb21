import type { Clock } from '../domain/clock.js';
import type { Notice, Notifier } from '../ports/notifier.js';
import type { TimelineStore } from '../ports/timeline-store.js';

/** How many of a notice's own records are checked, newest first: a table padded with forged ones costs little. */
const RECORDS_CHECKED = 3;

/**
 * Whether the timeline holds the sealed record of a notice sent under this id: the record an invocation writes after
 * it posted, so a repeated invocation (Lambda retried it, or delivered it twice) posts nothing more. Only a record
 * this very function sealed counts (the writer it seals as): one written into the table by anyone else, or sealed
 * by another of Rekey's functions, cannot silence a notice; a record that cannot be checked proves nothing.
 */
async function sentBefore(notice: Notice & { id: string }, timeline: TimelineStore): Promise<boolean> {
  const own = timeline.sealsAs('notification-sent');
  const records = (await timeline.list(notice.incidentId))
    .filter((e) => e.type === 'notification-sent' && e.writer === own && e.data?.noticeId === notice.id)
    .slice(-RECORDS_CHECKED)
    .reverse();
  for (const record of records) if (await timeline.authentic(record).catch(() => false)) return true;
  return false;
}

/** Sends a notice and records the attempt; never throws, so a notification can never fail containment. */
export async function notify(
  notice: Notice,
  deps: { notifier: Notifier; timeline: TimelineStore; clock: Clock },
): Promise<boolean> {
  try {
    // A record that cannot be read or checked is no proof it was sent: the notice goes (more than once rather than never).
    const sent =
      notice.id !== undefined &&
      (await sentBefore({ ...notice, id: notice.id }, deps.timeline).catch(() => false));
    if (sent) return true;
    const { channel } = await deps.notifier.send(notice);
    await deps.timeline.append(notice.incidentId, {
      type: 'notification-sent',
      at: deps.clock.now().toISOString(),
      actor: 'rekey:notify',
      summary: `Notified ${channel}: ${notice.title}`,
      data: { kind: notice.kind, channel, ...(notice.id !== undefined ? { noticeId: notice.id } : {}) },
    });
    return true;
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await deps.timeline
      .append(notice.incidentId, {
        type: 'notification-failed',
        at: deps.clock.now().toISOString(),
        actor: 'rekey:notify',
        summary: `Notification failed: ${notice.title}`,
        data: { kind: notice.kind, reason },
      })
      .catch(() => undefined);
    return false;
  }
}
