import type { Notice, Notifier } from '../../ports/notifier.js';

/** A notifier that hands each notice to a callback (the drill prints it in the terminal). */
export class CallbackNotifier implements Notifier {
  constructor(
    private readonly channel: string,
    private readonly deliver: (notice: Notice) => void,
  ) {}

  async send(notice: Notice): Promise<{ channel: string }> {
    this.deliver(notice);
    return { channel: this.channel };
  }
}
