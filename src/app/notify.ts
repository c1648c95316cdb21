import type { Clock } from '../domain/clock.js';
import type { Notice, Notifier } from '../ports/notifier.js';
import type { TimelineStore } from '../ports/timeline-store.js';

/** Sends a notice and records the attempt; never throws, so a notification can never fail containment. */
export async function notify(
  notice: Notice,
  deps: { notifier: Notifier; timeline: TimelineStore; clock: Clock },
): Promise<boolean> {
  try {
    const { channel } = await deps.notifier.send(notice);
    await deps.timeline.append(notice.incidentId, {
      type: 'notification-sent',
      at: deps.clock.now().toISOString(),
      actor: 'rekey:notify',
      summary: `Notified ${channel}: ${notice.title}`,
      data: { kind: notice.kind, channel },
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
