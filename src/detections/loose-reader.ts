/**
 * Readers that give what a zod schema of loose objects, strings, numbers and booleans gives for a value it accepts,
 * without zod's cost on triage's hot path; REFUSED for a value it refuses (zod then reads it to say why).
 */
export const REFUSED: unique symbol = Symbol('refused');

/** One value read: the schema's output, or REFUSED. */
export type Reader = (value: unknown) => unknown;

/**
 * A field of an object: required, optional (absent stays absent), or a default for undefined (zod's `.default(v)`:
 * a fresh shallow copy of an array or plain object each time, as zod 4 gives).
 */
export type Field = [key: string, read: Reader, presence?: 'optional' | { default: unknown }];

/** What `schema.parse(value)` gives: the reader's value when it accepts, else zod's (which throws why it refuses). */
export function parsedBy<T>(read: Reader, schema: { parse(value: unknown): T }, value: unknown): T {
  const result = read(value);
  return result === REFUSED ? schema.parse(value) : (result as T);
}

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
  (min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY): Reader =>
  (value) =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : REFUSED;

/** z.number().int().min(min): a safe integer (zod 4's int), at least `min`. */
export const integer =
  (min = Number.MIN_SAFE_INTEGER): Reader =>
  (value) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= min ? value : REFUSED;

/** z.boolean(). */
export const boolean: Reader = (value) => (typeof value === 'boolean' ? value : REFUSED);

/** z.unknown(): anything, itself. */
export const unknown: Reader = (value) => value;

/** `.nullable()` (with an 'optional' field, `.nullish()`): null stays null. */
export const nullable =
  (read: Reader): Reader =>
  (value) =>
    value === null ? null : read(value);

/** z.array(element).min(min): a new array of the elements read, holes read as undefined. */
export const array =
  (read: Reader, min = 0): Reader =>
  (value) => {
    if (!Array.isArray(value) || value.length < min) return REFUSED;
    const output = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i += 1) {
      const element = read(value[i]);
      if (element === REFUSED) return REFUSED;
      output[i] = element;
    }
    return output;
  };

const isObject = (value: unknown): value is Record<string | symbol, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** zod 4's isPlainObject, which its records ask of their input. */
function isPlainObject(value: unknown): value is Record<string | symbol, unknown> {
  if (!isObject(value)) return false;
  const ctor: unknown = value.constructor;
  if (typeof ctor !== 'function') return true;
  const prototype: unknown = ctor.prototype;
  return isObject(prototype) && Object.hasOwn(prototype, 'isPrototypeOf');
}

/**
 * z.record(z.string(), value): a plain object's own enumerable keys (no symbol among them, which z.string() refuses),
 * in their own order, but `__proto__`; inherited keys are not read.
 */
export const record =
  (read: Reader): Reader =>
  (value) => {
    if (!isPlainObject(value)) return REFUSED;
    for (const symbol of Object.getOwnPropertySymbols(value))
      if (Object.prototype.propertyIsEnumerable.call(value, symbol)) return REFUSED;
    const output: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (key === '__proto__') continue;
      const read_ = read(value[key]);
      if (read_ === REFUSED) return REFUSED;
      output[key] = read_;
    }
    return output;
  };

/** zod 4's shallowClone of a default value. */
function fresh(value: unknown): unknown {
  if (Array.isArray(value)) return [...value];
  return isPlainObject(value) ? { ...value } : value;
}

/** Reads the shape's fields of an object that is no array, in the shape's order, into a new object; or REFUSED. */
function fieldsReader(
  fields: readonly Field[],
): (input: Record<string, unknown>) => Record<string, unknown> | typeof REFUSED {
  // Parallel arrays read by index: this runs for every object of every event.
  const keys = fields.map(([key]) => key);
  const reads = fields.map(([, read]) => read);
  const presences = fields.map(([, , presence]) => presence);
  const count = fields.length;
  return (input) => {
    const output: Record<string, unknown> = {};
    for (let i = 0; i < count; i += 1) {
      const key = keys[i] as string;
      const given = input[key];
      if (given === undefined) {
        const presence = presences[i];
        if (presence === 'optional') {
          if (key in input) output[key] = undefined;
          continue;
        }
        if (presence !== undefined) {
          output[key] = fresh(presence.default);
          continue;
        }
      }
      const read = (reads[i] as Reader)(given);
      if (read === REFUSED) return REFUSED;
      output[key] = read;
    }
    return output;
  };
}

/**
 * z.looseObject(shape): an object that is no array, copied with its fields in the shape's order (an optional one
 * absent stays absent, present as undefined stays undefined), then its other keys as `for...in` meets them, but
 * `__proto__`.
 */
export function looseObject(fields: readonly Field[]): Reader {
  const keys = new Set(fields.map(([key]) => key));
  const readFields = fieldsReader(fields);
  return (value) => {
    if (!isObject(value)) return REFUSED;
    const input = value as Record<string, unknown>;
    const output = readFields(input);
    if (output === REFUSED) return REFUSED;
    for (const key in input) if (!keys.has(key) && key !== '__proto__') output[key] = input[key];
    return output;
  };
}

/** z.object(shape): as looseObject, but only the shape's fields are kept. */
export function object(fields: readonly Field[]): Reader {
  const readFields = fieldsReader(fields);
  return (value) => (isObject(value) ? readFields(value as Record<string, unknown>) : REFUSED);
}

/** z.strictObject(shape) (z.object(shape).strict()): as object, refusing any other key `for...in` meets, `__proto__` too. */
export function strictObject(fields: readonly Field[]): Reader {
  const keys = new Set(fields.map(([key]) => key));
  const readFields = fieldsReader(fields);
  return (value) => {
    if (!isObject(value)) return REFUSED;
    const input = value as Record<string, unknown>;
    for (const key in input) if (!keys.has(key)) return REFUSED;
    return readFields(input);
  };
}
