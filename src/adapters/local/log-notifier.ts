import type { Log } from '../../ports/log.js';
import type { Notice, Notifier } from '../../ports/notifier.js';

/** A notifier that writes notices to the structured log (the deployed fallback until Slack is configured). */
export class LogNotifier implements Notifier {
  constructor(private readonly log: Log) {}

  async send(notice: Notice): Promise<{ channel: string }> {
    this.log.info(notice.title, {
      incidentId: notice.incidentId,
      kind: notice.kind,
      lines: notice.lines,
      drill: notice.drill,
    });
    return { channel: 'log' };
  }
}
