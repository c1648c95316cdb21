import { InvalidInputError } from './errors.js';

/**
 * How deep a JSON value may nest. AWS's events nest a dozen levels at most; far deeper input is hostile, and code
 * that walks it recursively (validation, matching, hashing) would overflow the stack.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * How deeply a value nests (an object or array counts one level; an object's own enumerable keys are read); stops
 * past `limit`, so its recursion is never deeper than `limit` however deep the value.
 */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  return value !== null && typeof value === 'object' ? depthFrom(value, 1, limit) : 0;
}

/** The depth of an object at `level`; by recursion, which costs less than stacks for every event's every object. */
function depthFrom(value: object, level: number, limit: number): number {
  if (level > limit) return level;
  let deepest = level;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const child: unknown = value[i];
      if (child !== null && typeof child === 'object') {
        deepest = Math.max(deepest, depthFrom(child, level + 1, limit));
        if (deepest > limit) return deepest;
      }
    }
    return deepest;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const child = record[key];
    if (child !== null && typeof child === 'object' && Object.hasOwn(record, key)) {
      deepest = Math.max(deepest, depthFrom(child, level + 1, limit));
      if (deepest > limit) return deepest;
    }
  }
  return deepest;
}

/**
 * Objects found to nest at most MAX_JSON_DEPTH levels, by assertShallow's walk or from the text they were parsed from
 * (markShallow): the handler and the normaliser each check an event, and it is walked once. Weak: it keeps nothing.
 */
const provenShallow = new WeakSet<object>();

/**
 * Records that `value`, just parsed, nests at most MAX_JSON_DEPTH levels (its text proved it): assertShallow will not
 * walk it. Only for a value nothing changes afterwards, as for every parsed event Rekey reads.
 */
export function markShallow(value: unknown): void {
  if (value !== null && typeof value === 'object') provenShallow.add(value);
}

/** Throws InvalidInputError when `value` nests deeper than `MAX_JSON_DEPTH`, naming `what` it is. */
export function assertShallow(value: unknown, what: string): void {
  if (value === null || typeof value !== 'object' || provenShallow.has(value)) return;
  if (jsonDepth(value) > MAX_JSON_DEPTH)
    throw new InvalidInputError(
      `${what} nests deeper than ${MAX_JSON_DEPTH} levels: not something AWS sends`,
    );
  provenShallow.add(value);
}

/** The most of a rejected payload kept (SQS takes 256 KiB a message, the reason and envelope included). */
export const MAX_KEPT_CHARACTERS = 240 * 1024;

/** A copy of `value` cut below MAX_JSON_DEPTH levels (deeper values become a note), built without recursion. */
function shallowCopy(value: unknown): unknown {
  const root: { value?: unknown } = {};
  const stack: Array<{
    from: unknown;
    into: Record<string, unknown> | unknown[];
    key: string | number;
    depth: number;
  }> = [{ from: value, into: root as Record<string, unknown>, key: 'value', depth: 0 }];
  while (stack.length > 0) {
    const { from, into, key, depth } = stack.pop() as (typeof stack)[number];
    const put = (v: unknown) => {
      (into as Record<string | number, unknown>)[key] = v;
    };
    if (from === null || typeof from !== 'object') put(from);
    else if (depth >= MAX_JSON_DEPTH) put(`(nested deeper than ${MAX_JSON_DEPTH} levels: cut)`);
    else if (Array.isArray(from)) {
      const copy: unknown[] = [];
      put(copy);
      for (const [i, v] of from.entries()) stack.push({ from: v, into: copy, key: i, depth: depth + 1 });
    } else {
      const copy: Record<string, unknown> = {};
      put(copy);
      for (const [k, v] of Object.entries(from))
        stack.push({ from: v, into: copy, key: k, depth: depth + 1 });
    }
  }
  return root.value;
}

/**
 * Rejected input as JSON that can always be kept: cut below MAX_JSON_DEPTH, at most MAX_KEPT_CHARACTERS (the start
 * kept, marked truncated), and without the two characters SQS refuses (U+FFFE, U+FFFF, escaped instead).
 */
export function keepableJson(reason: string, payload: unknown): string {
  let text = JSON.stringify({ reason, payload: shallowCopy(payload) }) ?? 'null';
  if (text.length > MAX_KEPT_CHARACTERS)
    text = JSON.stringify({
      reason,
      truncated: true,
      payloadStart: text.slice(0, MAX_KEPT_CHARACTERS - 1024),
    });
  return text.replace(/\uFFFE/g, '\\ufffe').replace(/\uFFFF/g, '\\uffff');
}
