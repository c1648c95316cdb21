import type { SimulatedClock } from './simulated-clock.js';

/**
 * When Lambda tries an asynchronous invocation again after the function failed (EventBridge invokes a Lambda target
 * asynchronously; the rule's retryPolicy covers only delivery): twice, about a minute then two minutes later.
 */
const ASYNC_RETRY_DELAYS_MS = [60_000, 120_000];

/** Invokes a rule's Lambda target as Lambda runs an asynchronous invocation: retried twice, then dropped. */
export function invokeAsynchronously(
  clock: SimulatedClock,
  deliver: () => Promise<unknown>,
  retry = 0,
): void {
  void clock.track(deliver()).catch(() => {
    const delay = ASYNC_RETRY_DELAYS_MS[retry];
    if (delay !== undefined)
      clock.schedule(new Date(clock.now().getTime() + delay), () =>
        invokeAsynchronously(clock, deliver, retry + 1),
      );
  });
}
