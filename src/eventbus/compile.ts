import { MAX_COMPLEXITY, wildcardComplexity } from './complexity.js';
import { InvalidPatternError } from './errors.js';
import { isJsonObject, type JsonValue } from './json-text.js';
import { compileLeaf, type LeafMatcher } from './leaf-matchers.js';

/** One field of a compiled pattern: its flattened path (keys joined by dots) and its match values. */
export interface FieldRule {
  path: string;
  matchers: LeafMatcher[];
}

/** A pattern without `$or`: every field must match. A pattern compiles to one or more of these. */
export type Alternative = FieldRule[];

type Fields = Map<string, LeafMatcher[]>;

/** Field names EventBridge's engine reserves: they may not be used as field names inside an `$or`. */
const RESERVED_IN_OR = new Set([
  'exactly',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'wildcard',
  'numeric',
  'cidr',
  'html',
  '=',
  '<',
  '<=',
  '>',
  '>=',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

const fail = (message: string): never => {
  throw new InvalidPatternError(message);
};

function product(groups: Fields[][]): Fields[] {
  return groups.reduce<Fields[]>(
    (acc, group) => acc.flatMap((left) => group.map((right) => new Map([...left, ...right]))),
    [new Map()],
  );
}

/**
 * Compiles one object level: leaves, nested objects (their paths joined with dots, as EventBridge flattens
 * events) and `$or` groups. A field named in an `$or` alternative overrides the same field outside it.
 */
function compileObject(pattern: { [key: string]: JsonValue }, prefix: string, insideOr: boolean): Fields[] {
  const keys = Object.keys(pattern);
  if (keys.length === 0)
    fail(`${prefix.slice(0, -1) || 'the pattern'}: an object in a pattern must not be empty`);
  const base: Fields = new Map();
  const groups: Fields[][] = [];
  for (const key of keys) {
    const value = pattern[key] as JsonValue;
    const path = `${prefix}${key}`;
    if (insideOr && RESERVED_IN_OR.has(key))
      return fail(`${path}: "${key}" is a reserved name and cannot be a field inside $or`);
    if (key === '$or') {
      if (!Array.isArray(value)) return fail(`${path}: $or takes a list of patterns`);
      if (value.length < 2) return fail(`${path}: $or needs at least two patterns`);
      groups.push(
        value.flatMap((alternative) => {
          if (!isJsonObject(alternative)) return fail(`${path}: every $or alternative must be an object`);
          return compileObject(alternative, prefix, true);
        }),
      );
    } else if (Array.isArray(value)) {
      base.set(path, compileLeaf(path, value));
    } else if (isJsonObject(value)) {
      groups.unshift(compileObject(value, `${path}.`, insideOr));
    } else {
      fail(`${path}: match values must be in a list (for example [${JSON.stringify(value)}])`);
    }
  }
  return product([[base], ...groups]);
}

/**
 * Refuses a pattern EventBridge refuses as too complex. Like EventBridge's engine, the alternatives share a matcher
 * for a field when the fields before it (in sorted order) are the same; each such matcher's wildcard values are
 * measured together.
 */
function checkComplexity(alternatives: Alternative[]): void {
  const ids = new Map<LeafMatcher, number>();
  const id = (m: LeafMatcher) => ids.get(m) ?? ids.set(m, ids.size).size - 1;
  const machines = new Map<string, Map<LeafMatcher, readonly string[]>>();
  for (const alternative of alternatives) {
    let before = '';
    for (const { path, matchers } of alternative) {
      const key = `${before}|${path}`;
      for (const matcher of matchers) {
        if (!matcher.wildcards) continue;
        const machine = machines.get(key) ?? new Map<LeafMatcher, readonly string[]>();
        machine.set(matcher, matcher.wildcards);
        machines.set(key, machine);
      }
      before = `${key}=${matchers.map(id).sort((a, b) => a - b)}`;
    }
  }
  for (const [key, machine] of machines) {
    if (wildcardComplexity([...machine.values()]) > MAX_COMPLEXITY) {
      const field = key.slice(key.lastIndexOf('|') + 1);
      fail(
        `${field}: Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character`,
      );
    }
  }
}

/** Compiles and validates a parsed pattern into its alternatives; throws InvalidPatternError with the reason. */
export function compileAlternatives(pattern: JsonValue): Alternative[] {
  if (!isJsonObject(pattern)) return fail('an event pattern must be a JSON object');
  const alternatives = compileObject(pattern, '', false).map((fields) =>
    [...fields].map(([path, matchers]) => ({ path, matchers })).sort((a, b) => (a.path < b.path ? -1 : 1)),
  );
  checkComplexity(alternatives);
  return alternatives;
}
