/**
 * Values JSON.parse made, as the code that parsed them marked them: plain objects and arrays all the way down, own
 * enumerable string keys, no holes, no getters. A reader may give such a value itself where zod would copy it (the
 * copy's only difference: its key order). Weak: it keeps nothing alive.
 */
const made = new WeakSet<object>();

/** Records that `value` is JSON.parse's, just made: only for a value nothing gives a non-JSON part afterwards. */
export function markJsonMade(value: unknown): void {
  if (value !== null && typeof value === 'object') made.add(value);
}

/** Whether `value` was marked as JSON.parse's (markJsonMade), so each of its parts is too. */
export function isJsonMade(value: unknown): boolean {
  return value !== null && typeof value === 'object' && made.has(value);
}

/** Marks each of `parts`, values held in `whole`, as JSON.parse's when `whole` is. */
export function markPartsOf(whole: unknown, parts: readonly unknown[]): void {
  if (made.has(whole as object)) for (const part of parts) markJsonMade(part);
}
