/**
 * CloudTrail answers two LookupEvents a second per account and Region and throttles the rest: a request may start
 * once the one two before it started this long ago (a second, and 100 ms for requests that reach CloudTrail late), so
 * two lookups at once start together, as AWS allows, and a third waits. Pacing is by when a request is sent: one
 * delayed more on the way may still be throttled, and the SDK then sends it again.
 */
export const LOOKUP_WINDOW_MS = 1100;

/** A clock (monotonic: a wall clock set back would stall every lookup) and a wait: the real ones, or a test's. */
export interface Pace {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const REAL_PACE: Pace = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** One account's and Region's LookupEvents requests in this execution environment: at most two in any LOOKUP_WINDOW_MS. */
export class LookupPace {
  /** When the latest two requests started (or will, once their turn comes). */
  private readonly starts: number[] = [];

  constructor(private readonly pace: Pace = REAL_PACE) {}

  /** Waits for the next request's turn (taken at once, so concurrent lookups queue in the order they asked). */
  async turn(): Promise<void> {
    const now = this.pace.now();
    const twoBefore = this.starts.length < 2 ? Number.NEGATIVE_INFINITY : (this.starts[0] as number);
    const at = Math.max(now, twoBefore + LOOKUP_WINDOW_MS);
    this.starts.push(at);
    if (this.starts.length > 2) this.starts.shift();
    if (at > now) await this.pace.sleep(at - now);
  }
}
