import { InvalidPatternError } from './errors.js';

type Scalar = string | number | boolean | null;
type Leaf = (value: Scalar | undefined) => boolean;
type CompiledPattern = { fields: Array<{ key: string; match: (event: unknown) => boolean }> };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compileOperator(operator: Record<string, unknown>, path: string): Leaf {
  const entries = Object.entries(operator);
  const [name, argument] = entries[0] ?? [];
  if (entries.length !== 1 || name === undefined) {
    throw new InvalidPatternError(`${path}: a filter object must have exactly one operator`);
  }
  switch (name) {
    case 'prefix':
      if (typeof argument !== 'string') throw new InvalidPatternError(`${path}: prefix takes a string`);
      return (v) => typeof v === 'string' && v.startsWith(argument);
    case 'exists':
      if (typeof argument !== 'boolean') throw new InvalidPatternError(`${path}: exists takes true or false`);
      return (v) => (v !== undefined) === argument;
    case 'anything-but': {
      const excluded = Array.isArray(argument) ? argument : [argument];
      if (!excluded.every((x) => typeof x === 'string' || typeof x === 'number')) {
        throw new InvalidPatternError(`${path}: anything-but takes strings or numbers`);
      }
      return (v) => v !== undefined && v !== null && !excluded.includes(v as string | number);
    }
    default:
      throw new InvalidPatternError(`${path}: unsupported operator "${name}"`);
  }
}

function compileValues(values: unknown, path: string): Leaf {
  if (!Array.isArray(values)) throw new InvalidPatternError(`${path}: match values must be in an array`);
  if (values.length === 0) throw new InvalidPatternError(`${path}: an empty array matches nothing`);
  const leaves = values.map((value): Leaf => {
    if (isObject(value)) return compileOperator(value, path);
    if (Array.isArray(value)) throw new InvalidPatternError(`${path}: nested arrays are not allowed`);
    return (v) => v === value;
  });
  return (v) => leaves.some((leaf) => leaf(v));
}

function candidates(value: unknown): Array<Scalar | undefined> {
  if (Array.isArray(value)) return value.flatMap(candidates);
  if (isObject(value)) return [];
  return [value as Scalar | undefined];
}

function compileObject(pattern: Record<string, unknown>, path: string): CompiledPattern {
  const fields = Object.entries(pattern).map(([key, rule]) => {
    const here = path ? `${path}.${key}` : key;
    if (isObject(rule)) {
      const nested = compileObject(rule, here);
      return {
        key,
        match: (event: unknown) => matchObject(nested, isObject(event) ? event[key] : undefined),
      };
    }
    const leaf = compileValues(rule, here);
    return {
      key,
      match: (event: unknown) => {
        const values = candidates(isObject(event) ? event[key] : undefined);
        return values.length === 0 ? leaf(undefined) : values.some((v) => leaf(v));
      },
    };
  });
  return { fields };
}

function matchObject(compiled: CompiledPattern, event: unknown): boolean {
  if (Array.isArray(event)) return event.some((element) => matchObject(compiled, element));
  return isObject(event) && compiled.fields.every((field) => field.match(event));
}

/** A compiled EventBridge event pattern. */
export interface EventPattern {
  matches(event: unknown): boolean;
}

/**
 * Compiles an EventBridge pattern (exact values, nested fields, prefix, exists, anything-but so far);
 * throws InvalidPatternError with the reason EventBridge would give.
 */
export function compilePattern(pattern: unknown): EventPattern {
  if (!isObject(pattern)) throw new InvalidPatternError('an event pattern must be a JSON object');
  if (Object.keys(pattern).length === 0) throw new InvalidPatternError('an event pattern must not be empty');
  const compiled = compileObject(pattern, '');
  return { matches: (event) => matchObject(compiled, event) };
}
