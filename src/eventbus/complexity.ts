/**
 * Wildcard complexity as EventBridge measures it before it accepts a rule (event-ruler's MachineComplexityEvaluator):
 * the wildcard values of one field are compiled into a byte automaton (the value in quotes, UTF-8, prefixes shared),
 * and the complexity is the most wildcard patterns that states active at once can still lead to, over every input.
 * EventBridge refuses a rule above MAX_COMPLEXITY ("Rule is too complex").
 */

/** The most complexity EventBridge accepts (AWS answered: 8 accepted, 11 and 16 refused; event-ruler suggests 10). */
export const MAX_COMPLEXITY = 10;

const STAR = -1;

interface State {
  literal: Map<number, Set<State>>;
  star?: State;
  patterns: Set<number>;
}

const newState = (): State => ({ literal: new Map(), patterns: new Set() });

/** The bytes of a wildcard value in quotes; STAR for each unescaped `*`. */
function tokens(value: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < value.length; i += 1) {
    const char = value.charAt(i);
    if (char === '*') out.push(STAR);
    else {
      const literal = char === '\\' ? value.charAt(++i) : char;
      out.push(...Buffer.from(literal, 'utf8'));
    }
  }
  return [0x22, ...out, 0x22];
}

function link(from: State, byte: number, to: State): void {
  const targets = from.literal.get(byte) ?? new Set<State>();
  targets.add(to);
  from.literal.set(byte, targets);
}

/** Adds one value: literal steps are shared with values already there; a `*` is a state that loops on every byte. */
function insert(root: State, value: string, id: number): void {
  let current = root;
  let beforeStar: State | undefined;
  for (const token of tokens(value)) {
    if (token === STAR) {
      const star = current.star ?? newState();
      star.star = star;
      current.star = star;
      star.patterns.add(id);
      beforeStar = current;
      current = star;
      continue;
    }
    const existing = [...(current.literal.get(token) ?? [])][0];
    const next = existing ?? newState();
    link(current, token, next);
    if (beforeStar) link(beforeStar, token, next);
    next.patterns.add(id);
    beforeStar = undefined;
    current = next;
  }
}

function step(active: readonly State[], byte: number | undefined): State[] {
  const next = new Set<State>();
  for (const state of active) {
    if (state.star) next.add(state.star);
    if (byte !== undefined) for (const target of state.literal.get(byte) ?? []) next.add(target);
  }
  return [...next];
}

function weight(active: readonly State[]): number {
  const present = new Set(active);
  let total = 0;
  for (const state of active) {
    total += state.patterns.size;
    if (state.star && !present.has(state.star)) total += state.star.patterns.size;
  }
  return total;
}

/**
 * The complexity of one field's wildcard patterns (each pattern one or more values, as an anything-but wildcard
 * list is one pattern); the search stops once it is above MAX_COMPLEXITY.
 */
export function wildcardComplexity(patterns: ReadonlyArray<readonly string[]>): number {
  const root = newState();
  patterns.forEach((values, id) => {
    for (const value of values) insert(root, value, id);
  });
  const bytes = new Set<number>();
  for (const value of patterns.flat())
    for (const token of tokens(value)) if (token !== STAR) bytes.add(token);
  const alphabet: Array<number | undefined> = [...bytes, undefined];
  const seen = new Set<string>();
  const ids = new Map<State, number>();
  const key = (states: State[]) =>
    states
      .map((s) => ids.get(s) ?? ids.set(s, ids.size).size - 1)
      .sort((a, b) => a - b)
      .join(',');
  let pending: State[][] = [[root]];
  let most = 0;
  while (pending.length > 0) {
    const next: State[][] = [];
    for (const active of pending)
      for (const byte of alphabet) {
        const reached = step(active, byte);
        if (reached.length === 0) continue;
        const k = key(reached);
        if (seen.has(k)) continue;
        seen.add(k);
        most = Math.max(most, weight(reached));
        if (most > MAX_COMPLEXITY) return most;
        next.push(reached);
      }
    pending = next;
  }
  return most;
}
