import type { LocalFunction } from '../../src/runtime/local-workflow.js';
import type { SimulatedClock } from '../../src/runtime/simulated-clock.js';

/**
 * A function whose first invocation does its work and then times out (Step Functions reports a function timeout
 * as Lambda.Unknown), its answer lost: the fault the journal exists for.
 */
export function timesOutOnceAfterItsWork(fn: LocalFunction, clock: SimulatedClock): LocalFunction {
  let cutShort = true;
  return async (payload) => {
    const result = await fn(payload);
    if (!cutShort) return result;
    cutShort = false;
    clock.elapse(30_000);
    const timedOut = new Error('Task timed out after 30.00 seconds');
    timedOut.name = 'Lambda.Unknown';
    throw timedOut;
  };
}
