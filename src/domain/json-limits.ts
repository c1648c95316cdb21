import { InvalidInputError } from './errors.js';

/**
 * How deep a JSON value may nest. AWS's events nest a dozen levels at most; far deeper input is hostile, and code
 * that walks it recursively (validation, matching, hashing) would overflow the stack.
 */
export const MAX_JSON_DEPTH = 64;

/** How deeply a value nests (an object or array counts one level), counted without recursion; stops past `limit`. */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop() as { value: unknown; depth: number };
    if (current === null || typeof current !== 'object') continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(current) ? current : Object.values(current))
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: level });
  }
  return deepest;
}

/** Throws InvalidInputError when `value` nests deeper than `MAX_JSON_DEPTH`, naming `what` it is. */
export function assertShallow(value: unknown, what: string): void {
  if (jsonDepth(value) > MAX_JSON_DEPTH)
    throw new InvalidInputError(
      `${what} nests deeper than ${MAX_JSON_DEPTH} levels: not something AWS sends`,
    );
}
