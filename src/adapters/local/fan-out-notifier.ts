import type { Notice, Notifier } from '../../ports/notifier.js';

/** Sends every notice to each notifier (the terminal and Slack); fails, after trying all, if any failed. */
export class FanOutNotifier implements Notifier {
  constructor(private readonly notifiers: readonly Notifier[]) {}

  async send(notice: Notice): Promise<{ channel: string }> {
    const results = await Promise.allSettled(this.notifiers.map((n) => n.send(notice)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return {
      channel: results
        .map((r) => (r as PromiseFulfilledResult<{ channel: string }>).value.channel)
        .join(', '),
    };
  }
}
