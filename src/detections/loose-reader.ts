/**
 * Readers that give what a zod schema of loose objects, strings, numbers and booleans gives for a value it accepts,
 * without zod's cost on triage's hot path; REFUSED for a value it refuses (zod then reads it to say why).
 */
export const REFUSED: unique symbol = Symbol('refused');

/** One value read: the schema's output, or REFUSED. */
export type Reader = (value: unknown) => unknown;

/** A field of a loose object: required, optional (absent stays absent), or a default for undefined. */
export type Field = [key: string, read: Reader, presence?: 'optional' | { default: unknown }];

/** z.string(), with at least `min` characters. */
export const string =
  (min = 0): Reader =>
  (value) =>
    typeof value === 'string' && value.length >= min ? value : REFUSED;

/** z.string().regex(pattern). */
export const matching =
  (pattern: RegExp): Reader =>
  (value) =>
    typeof value === 'string' && pattern.test(value) ? value : REFUSED;

/** z.number().min(min).max(max): finite, not NaN. */
export const number =
  (min: number, max: number): Reader =>
  (value) =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : REFUSED;

/** z.boolean(). */
export const boolean: Reader = (value) => (typeof value === 'boolean' ? value : REFUSED);

/**
 * z.looseObject(shape): an object that is no array, copied with its fields in the shape's order (an optional one
 * absent stays absent, present as undefined stays undefined), then its other keys as `for...in` meets them, but
 * `__proto__`.
 */
export function looseObject(fields: readonly Field[]): Reader {
  const keys = new Set(fields.map(([key]) => key));
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return REFUSED;
    const input = value as Record<string, unknown>;
    const output: Record<string, unknown> = {};
    for (const [key, read, presence] of fields) {
      const given = input[key];
      if (presence === 'optional') {
        if (!(key in input)) continue;
        if (given === undefined) {
          output[key] = undefined;
          continue;
        }
      } else if (presence !== undefined && given === undefined) {
        output[key] = presence.default;
        continue;
      }
      const read_ = read(given);
      if (read_ === REFUSED) return REFUSED;
      output[key] = read_;
    }
    for (const key in input) if (!keys.has(key) && key !== '__proto__') output[key] = input[key];
    return output;
  };
}
