import { ConfigurationError } from '../domain/errors.js';
import type { AslDefinition, AslState } from './asl.js';
import type { SimulatedClock } from './simulated-clock.js';

/** The stand-in resource of a Wait state in a local run (a Task the local runtime binds; never deployed). */
const LOCAL_WAIT_RESOURCE = 'arn:aws:lambda:us-east-1:000000000000:function:rekey-local-wait';

/** Reads a reference path (`$.a.b`, `$.list[0].c`) from a state's input, as a Wait's *Path fields use it. */
function readPath(input: unknown, path: string): unknown {
  if (!path.startsWith('$')) throw new ConfigurationError(`not a reference path: ${path}`);
  const parts = path
    .slice(1)
    .split(/\.|\[(\d+)\]/)
    .filter((p) => p !== undefined && p !== '');
  let value: unknown = input;
  for (const part of parts) value = (value as Record<string, unknown> | undefined)?.[part];
  return value;
}

/** When a Wait state ends for this input: Seconds, SecondsPath, Timestamp or TimestampPath, as ASL defines them. */
export function waitEndsAt(state: AslState, input: unknown, now: Date): Date {
  const seconds =
    typeof state.Seconds === 'number'
      ? state.Seconds
      : typeof state.SecondsPath === 'string'
        ? Number(readPath(input, state.SecondsPath))
        : undefined;
  if (seconds !== undefined) {
    if (!Number.isFinite(seconds) || seconds < 0)
      throw Object.assign(new Error(`Wait: ${String(state.SecondsPath)} is not a number of seconds`), {
        name: 'States.Runtime',
      });
    return new Date(now.getTime() + seconds * 1000);
  }
  const timestamp =
    typeof state.Timestamp === 'string'
      ? state.Timestamp
      : typeof state.TimestampPath === 'string'
        ? String(readPath(input, state.TimestampPath))
        : undefined;
  const at = Date.parse(timestamp ?? '');
  if (Number.isNaN(at))
    throw Object.assign(new Error('Wait: no Seconds, SecondsPath, Timestamp or TimestampPath to wait by'), {
      name: 'States.Runtime',
    });
  return new Date(at);
}

/**
 * The definition a local run executes: each Wait becomes a Task bound to a wait on the simulated clock (the
 * runner's own Wait would sleep in real time), keeping its Next/End and paths; everything else is unchanged.
 */
export function withLocalWaits(definition: AslDefinition): AslDefinition {
  const states = Object.fromEntries(
    Object.entries(definition.States).map(([name, state]) => {
      if (state.Type !== 'Wait') return [name, state];
      const {
        Seconds: _s,
        SecondsPath: _sp,
        Timestamp: _t,
        TimestampPath: _tp,
        Type: _type,
        ...rest
      } = state;
      return [name, { ...rest, Type: 'Task', Resource: LOCAL_WAIT_RESOURCE }];
    }),
  );
  return { ...definition, States: states };
}

/** The local handler of a Wait state: its input back, once the simulated clock reaches the end of the wait. */
export function localWait(state: AslState, clock: SimulatedClock) {
  return async (input: unknown): Promise<unknown> => {
    const gate = clock.gate<unknown>();
    clock.schedule(waitEndsAt(state, input, clock.now()), () => gate.open(input));
    return gate.wait();
  };
}
