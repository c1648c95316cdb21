/** Source of the current time; injected so drills run on a simulated clock and tests are deterministic. */
export interface Clock {
  now(): Date;
}

/** The wall clock, for deployed handlers. */
export const systemClock: Clock = { now: () => new Date() };
