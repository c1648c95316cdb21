import * as z from 'zod';
import { DurationSchema } from '../domain/duration.js';
import type { LocalFunction } from '../runtime/local-workflow.js';
import type { SimulatedClock } from '../runtime/simulated-clock.js';
import type { LocalFunctionId } from './drill-options.js';

/** The functions a drill may take down, by the names the template gives them (without `LambdaFunction`). */
const FUNCTION_IDS: Record<string, LocalFunctionId> = {
  action: 'ActionLambdaFunction',
  approval: 'ApprovalLambdaFunction',
  notify: 'NotifyLambdaFunction',
  review: 'ReviewLambdaFunction',
  triage: 'TriageLambdaFunction',
};

/**
 * A fault: from `at` for `for`, every invocation of the function by a state machine fails as Lambda reports a
 * service failure (Lambda.ServiceException), the function never running; the Task's retries meet it.
 */
export const OutageSchema = z
  .object({
    function: z.enum(Object.keys(FUNCTION_IDS) as [string, ...string[]]),
    at: DurationSchema,
    for: DurationSchema,
  })
  .strict();

/** A drill's function outage. */
export type Outage = z.infer<typeof OutageSchema>;

/** Wraps a function so that it fails through each outage of the drill (measured from the drill's start). */
export function withOutages(
  outages: readonly Outage[],
  start: Date,
  wrap?: (id: LocalFunctionId, fn: LocalFunction, clock: SimulatedClock) => LocalFunction,
): (id: LocalFunctionId, fn: LocalFunction, clock: SimulatedClock) => LocalFunction {
  return (id, given, clock) => {
    const fn = wrap ? wrap(id, given, clock) : given;
    const windows = outages
      .filter((o) => FUNCTION_IDS[o.function] === id)
      .map((o) => ({ from: start.getTime() + o.at, until: start.getTime() + o.at + o.for }));
    if (windows.length === 0) return fn;
    return async (payload) => {
      const now = clock.now().getTime();
      if (!windows.some((w) => now >= w.from && now < w.until)) return fn(payload);
      const failure = new Error(`${id} could not be invoked: Lambda is failing (a drill outage)`);
      failure.name = 'Lambda.ServiceException';
      throw failure;
    };
  };
}
