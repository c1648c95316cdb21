import type { State } from './asl.js';

/** Only the states a run can reach (Step Functions refuses a definition with unreachable states). */
export function reachable(states: Record<string, State>, start: string): Record<string, State> {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    const state = states[name];
    if (seen.has(name) || !state) continue;
    seen.add(name);
    const choices = (state.Choices as Array<{ Next: string }> | undefined) ?? [];
    const catches = (state.Catch as Array<{ Next: string }> | undefined) ?? [];
    for (const next of [
      state.Next,
      state.Default,
      ...choices.map((c) => c.Next),
      ...catches.map((c) => c.Next),
    ])
      if (typeof next === 'string') queue.push(next);
  }
  return Object.fromEntries(Object.entries(states).filter(([name]) => seen.has(name)));
}
