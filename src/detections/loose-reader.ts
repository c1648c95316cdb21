import { isJsonMade } from '../domain/json-made.js';

/**
 * Readers that give what a zod schema of loose objects, strings, numbers and booleans gives for a value it accepts,
 * without zod's cost on triage's hot path; REFUSED for a value it refuses (zod then reads it to say why). Of a value
 * JSON.parse made (`json`), a reader gives the value itself where zod's copy would hold the same fields and values:
 * equal to zod's, but for key order (the input's), which nothing reading a field by its name sees.
 */
export const REFUSED: unique symbol = Symbol('refused');

/** One value read: the schema's output, or REFUSED; `json`: the value is JSON.parse's (see json-made.ts). */
export type Reader = (value: unknown, json?: boolean) => unknown;

/**
 * A field of an object: required, optional (absent stays absent), or a default for undefined (zod's `.default(v)`:
 * a fresh shallow copy of an array or plain object each time, as zod 4 gives).
 */
export type Field = [key: string, read: Reader, presence?: 'optional' | { default: unknown }];

/** What `schema.parse(value)` gives: the reader's value when it accepts, else zod's (which throws why it refuses). */
export function parsedBy<T>(read: Reader, schema: { parse(value: unknown): T }, value: unknown): T {
  const result = read(value, isJsonMade(value));
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
  (value, json) =>
    value === null ? null : read(value, json);

/**
 * z.array(element).min(min): a new array of the elements read, holes read as undefined; JSON's array itself when
 * each element read is the element.
 */
export const array =
  (read: Reader, min = 0): Reader =>
  (value, json) => {
    if (!Array.isArray(value) || value.length < min) return REFUSED;
    let output: unknown[] | undefined = json ? undefined : new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i += 1) {
      const given: unknown = value[i];
      const element = read(given, json);
      if (element === REFUSED) return REFUSED;
      if (output === undefined && element !== given) output = value.slice(0, i);
      if (output !== undefined) output[i] = element;
    }
    return output ?? value;
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
 * in their own order, but `__proto__`; inherited keys are not read. JSON's object itself when each value read is the
 * value and it has no key `__proto__`.
 */
export const record =
  (read: Reader): Reader =>
  (value, json) => {
    if (!isPlainObject(value)) return REFUSED;
    if (json) {
      if (Object.hasOwn(value, '__proto__')) return recordCopy(read, value, json);
      for (const key in value) {
        const given = value[key];
        const read_ = read(given, json);
        if (read_ === REFUSED) return REFUSED;
        if (read_ !== given) return recordCopy(read, value, json);
      }
      return value;
    }
    for (const symbol of Object.getOwnPropertySymbols(value))
      if (Object.prototype.propertyIsEnumerable.call(value, symbol)) return REFUSED;
    return recordCopy(read, value, json);
  };

/** A record's keys read into a new object (see record). */
function recordCopy(read: Reader, value: Record<string, unknown>, json?: boolean): unknown {
  const output: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__') continue;
    const read_ = read(value[key], json);
    if (read_ === REFUSED) return REFUSED;
    output[key] = read_;
  }
  return output;
}

/** zod 4's shallowClone of a default value. */
function fresh(value: unknown): unknown {
  if (Array.isArray(value)) return [...value];
  return isPlainObject(value) ? { ...value } : value;
}

/** The input itself: each field of JSON's object read as it is, none defaulted (see fieldsReader). */
const AS_IS: unique symbol = Symbol('as is');

/**
 * Reads the shape's fields of an object that is no array, in the shape's order, into a new object; or REFUSED. Of
 * JSON's object (`json`), AS_IS when each field read is the field and none is defaulted: nothing is copied.
 */
function fieldsReader(
  fields: readonly Field[],
): (
  input: Record<string, unknown>,
  json?: boolean,
) => Record<string, unknown> | typeof REFUSED | typeof AS_IS {
  // Parallel arrays read by index: this runs for every object of every event.
  const keys = fields.map(([key]) => key);
  const reads = fields.map(([, read]) => read);
  const presences = fields.map(([, , presence]) => presence);
  const count = fields.length;
  /** The fields before `end` copied as read (each read was the field itself), in the shape's order. */
  const copyBefore = (input: Record<string, unknown>, end: number) => {
    const output: Record<string, unknown> = {};
    for (let i = 0; i < end; i += 1) {
      const key = keys[i] as string;
      const given = input[key];
      if (given !== undefined) output[key] = given;
      else if (key in input) output[key] = undefined;
    }
    return output;
  };
  return (input, json) => {
    let output: Record<string, unknown> | undefined = json ? undefined : {};
    for (let i = 0; i < count; i += 1) {
      const key = keys[i] as string;
      const given = input[key];
      if (given === undefined) {
        const presence = presences[i];
        if (presence === 'optional') {
          if (output !== undefined && key in input) output[key] = undefined;
          continue;
        }
        if (presence !== undefined) {
          output ??= copyBefore(input, i);
          output[key] = fresh(presence.default);
          continue;
        }
      }
      const read = (reads[i] as Reader)(given, json);
      if (read === REFUSED) return REFUSED;
      if (output === undefined && read !== given) output = copyBefore(input, i);
      if (output !== undefined) output[key] = read;
    }
    return output ?? AS_IS;
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
  return (value, json) => {
    if (!isObject(value)) return REFUSED;
    const input = value as Record<string, unknown>;
    // zod's copy drops a key `__proto__` (JSON.parse makes one own): such an object is always copied.
    const output = readFields(input, json && !Object.hasOwn(input, '__proto__'));
    if (output === REFUSED) return REFUSED;
    if (output === AS_IS) return input;
    for (const key in input) if (!keys.has(key) && key !== '__proto__') output[key] = input[key];
    return output;
  };
}

/** z.object(shape): as looseObject, but only the shape's fields are kept (JSON's object itself when it has no other). */
export function object(fields: readonly Field[]): Reader {
  const readFields = fieldsReader(fields);
  return (value, json) => {
    if (!isObject(value)) return REFUSED;
    const input = value as Record<string, unknown>;
    const output = readFields(input, json);
    if (output !== AS_IS) return output;
    let present = 0;
    for (const key of fields) if (Object.hasOwn(input, key[0])) present += 1;
    let own = 0;
    for (const _ in input) own += 1;
    return own === present ? input : readFields(input);
  };
}

/** z.strictObject(shape) (z.object(shape).strict()): as object, refusing any other key `for...in` meets, `__proto__` too. */
export function strictObject(fields: readonly Field[]): Reader {
  const keys = new Set(fields.map(([key]) => key));
  const readFields = fieldsReader(fields);
  return (value, json) => {
    if (!isObject(value)) return REFUSED;
    const input = value as Record<string, unknown>;
    for (const key in input) if (!keys.has(key)) return REFUSED;
    // Every key is the shape's (`__proto__` refused above): JSON's object as it is is the value.
    const output = readFields(input, json);
    return output === AS_IS ? input : output;
  };
}
