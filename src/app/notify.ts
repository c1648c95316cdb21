import type { Clock } from '../domain/clock.js';
import type { Notice, Notifier } from '../ports/notifier.js';
import type { TimelineStore } from '../ports/timeline-store.js';

/** Sends a notice and records the attempt; never throws, so a notification can never fail containment. */
export async function notify(
  notice: Notice,
  deps: { notifier: Notifier; timeline: TimelineStore; clock: Clock },
): Promise<boolean> {
  try {
    const { channel, repeated } = await deps.notifier.send(notice);
    await deps.timeline.append(notice.incidentId, {
      type: 'notification-sent',
      at: deps.clock.now().toISOString(),
      actor: 'rekey:notify',
      summary: repeated
        ? `Already notified ${channel}, not posted again: ${notice.title}`
        : `Notified ${channel}: ${notice.title}`,
      data: { kind: notice.kind, channel, ...(repeated ? { repeated } : {}) },
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
