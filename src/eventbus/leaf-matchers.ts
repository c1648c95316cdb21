import { InvalidPatternError } from './errors.js';
import { ignoreCaseTest } from './ignore-case.js';
import { inBlock, parseCidrBlock, parseIpLiteral } from './ip-literal.js';
import { isJsonObject, JsonNumber, type JsonValue } from './json-text.js';
import { comparable, incomparableReason, NUMBER_LIMIT, sameNumber } from './numbers.js';

/** A leaf value of an event: what a pattern's match values are compared with. */
export type Scalar = string | boolean | null | JsonNumber;

/**
 * One match value of a pattern field; `absent` marks `exists: false`, which matches when the field is missing;
 * `wildcards` are the wildcard values it is compiled from (for the complexity limit).
 */
export interface LeafMatcher {
  readonly absent?: boolean;
  /** The one string it matches, when it matches exactly one (what a rule set indexes its rules by). */
  readonly equals?: string;
  readonly wildcards?: readonly string[];
  test(value: Scalar): boolean;
}

const fail = (path: string, message: string): never => {
  throw new InvalidPatternError(`${path}: ${message}`);
};

function exact(value: Scalar): LeafMatcher {
  if (value instanceof JsonNumber) return { test: (v) => v instanceof JsonNumber && sameNumber(v, value) };
  const ip = typeof value === 'string' ? parseIpLiteral(value) : undefined;
  if (ip) {
    // An IP address in a pattern matches every spelling of that address (2001:db8::1 = 2001:DB8:0:0::1).
    return {
      test: (v) => {
        if (v === value) return true;
        const other = typeof v === 'string' ? parseIpLiteral(v) : undefined;
        return other !== undefined && other.bytes === ip.bytes && other.value === ip.value;
      },
    };
  }
  return { test: (v) => v === value, ...(typeof value === 'string' && { equals: value }) };
}

function wildcard(path: string, text: string): (s: string) => boolean {
  let regex = '';
  let previousStar = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charAt(i);
    if (char === '\\') {
      const next = text.charAt(i + 1);
      if (next !== '*' && next !== '\\')
        fail(path, `wildcard "${text}" has an invalid escape: only \\* and \\\\ are allowed`);
      regex += next === '*' ? '\\*' : '\\\\';
      i += 1;
      previousStar = false;
    } else if (char === '*') {
      if (previousStar) fail(path, `wildcard "${text}" has consecutive wildcard characters`);
      regex += '[\\s\\S]*';
      previousStar = true;
    } else {
      regex += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
      previousStar = false;
    }
  }
  const compiled = new RegExp(`^${regex}$`, 'u');
  return (s) => compiled.test(s);
}

type StringTest = (s: string) => boolean;

function stringArgument(path: string, operator: string, argument: JsonValue, allowEmpty = true): string {
  if (typeof argument !== 'string') return fail(path, `${operator} takes a string`);
  if (!allowEmpty && argument === '') fail(path, `${operator} must not be empty`);
  return argument;
}

/** prefix or suffix, optionally `{ "equals-ignore-case": "..." }` inside. */
function affix(
  path: string,
  operator: 'prefix' | 'suffix',
  argument: JsonValue,
  allowEmpty: boolean,
): StringTest {
  const test = (needle: string, fold: boolean): StringTest => {
    if (fold) return ignoreCaseTest(needle, operator);
    return operator === 'prefix' ? (s) => s.startsWith(needle) : (s) => s.endsWith(needle);
  };
  if (isJsonObject(argument)) {
    const keys = Object.keys(argument);
    if (keys.length !== 1 || keys[0] !== 'equals-ignore-case') {
      return fail(path, `${operator} takes a string or { "equals-ignore-case": string }`);
    }
    return test(
      stringArgument(
        path,
        `${operator} equals-ignore-case`,
        argument['equals-ignore-case'] as JsonValue,
        allowEmpty,
      ),
      true,
    );
  }
  return test(stringArgument(path, operator, argument, allowEmpty), false);
}

/** The string tests inside anything-but's object form, one or a list of each. */
function anythingButStringTests(path: string, argument: { [key: string]: JsonValue }): StringTest[] {
  const keys = Object.keys(argument);
  const [operator] = keys;
  if (keys.length !== 1 || operator === undefined)
    return fail(path, 'anything-but takes exactly one operator');
  const raw = argument[operator] as JsonValue;
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length === 0) fail(path, `anything-but ${operator} list must not be empty`);
  return values.map((value) => {
    switch (operator) {
      case 'prefix':
      case 'suffix':
        return affix(path, operator, stringArgument(path, `anything-but ${operator}`, value, false), false);
      case 'equals-ignore-case':
        return ignoreCaseTest(stringArgument(path, 'anything-but equals-ignore-case', value), 'equals');
      case 'wildcard':
        return wildcard(path, stringArgument(path, 'anything-but wildcard', value));
      default:
        return fail(path, `anything-but does not take "${operator}"`);
    }
  });
}

function anythingBut(path: string, argument: JsonValue): LeafMatcher {
  if (isJsonObject(argument)) {
    const tests = anythingButStringTests(path, argument);
    const raw = argument.wildcard;
    const wildcards = raw === undefined ? undefined : (Array.isArray(raw) ? raw : [raw]).map(String);
    // Values that are not strings are never excluded by a string test.
    return {
      test: (v) => typeof v !== 'string' || !tests.some((t) => t(v)),
      ...(wildcards && { wildcards }),
    };
  }
  const excluded = Array.isArray(argument) ? argument : [argument];
  if (excluded.length === 0) fail(path, 'anything-but list must not be empty');
  const allStrings = excluded.every((x) => typeof x === 'string');
  const allNumbers = excluded.every((x) => x instanceof JsonNumber);
  if (!allStrings && !allNumbers)
    fail(path, 'anything-but takes strings or numbers, not a mix of them or other values');
  if (allNumbers) {
    const numbers = excluded as JsonNumber[];
    for (const n of numbers) {
      const reason = incomparableReason(n);
      if (reason) fail(path, `anything-but: ${reason}`);
    }
    return { test: (v) => !(v instanceof JsonNumber && numbers.some((n) => sameNumber(n, v))) };
  }
  const strings = new Set(excluded as string[]);
  return { test: (v) => !(typeof v === 'string' && strings.has(v)) };
}

const NUMERIC_OPERATORS = new Set(['<', '<=', '=', '>', '>=']);

function numeric(path: string, argument: JsonValue): LeafMatcher {
  if (!Array.isArray(argument) || argument.length === 0)
    return fail(path, 'numeric takes a list of operators and numbers');
  const bounds: Array<{ op: string; value: number }> = [];
  for (let i = 0; i < argument.length; i += 2) {
    const op = argument[i];
    const number = argument[i + 1];
    if (typeof op !== 'string' || !NUMERIC_OPERATORS.has(op))
      return fail(path, `numeric: "${String(op)}" is not an operator (<, <=, =, >, >=)`);
    if (!(number instanceof JsonNumber)) return fail(path, `numeric: ${op} needs a number`);
    const value = comparable(number);
    if (value === undefined) return fail(path, `numeric: ${incomparableReason(number)}`);
    bounds.push({ op, value });
  }
  const [first, second] = bounds;
  if (!first || bounds.length > 2) return fail(path, 'numeric takes at most two conditions');
  if (first.op === '=' && second) fail(path, 'numeric "=" cannot be combined with a range');
  const lowerFirst = first.op === '>' || first.op === '>=';
  if (second) {
    const upperSecond = second.op === '<' || second.op === '<=';
    if (!lowerFirst || !upperSecond) {
      fail(path, 'numeric range must be a lower bound (>, >=) then an upper bound (<, <=)');
    }
  }
  // A range's lower bound must be below its upper bound; a one-sided range must leave a value within the limit.
  const empty = second
    ? first.value >= second.value
    : (first.op === '>' && first.value >= NUMBER_LIMIT) || (first.op === '<' && first.value <= -NUMBER_LIMIT);
  if (empty) fail(path, 'numeric range is empty: the lower bound must be below the upper bound');
  const holds = ({ op, value }: { op: string; value: number }, x: number) =>
    op === '<'
      ? x < value
      : op === '<='
        ? x <= value
        : op === '='
          ? x === value
          : op === '>'
            ? x > value
            : x >= value;
  return {
    test: (v) => {
      if (!(v instanceof JsonNumber)) return false;
      const x = comparable(v);
      return x !== undefined && bounds.every((b) => holds(b, x));
    },
  };
}

function cidr(path: string, argument: JsonValue): LeafMatcher {
  if (typeof argument !== 'string')
    return fail(path, `cidr takes an IPv4 or IPv6 block like 10.0.0.0/24, not ${JSON.stringify(argument)}`);
  const block = parseCidrBlock(argument);
  if (typeof block === 'string') return fail(path, `cidr ${JSON.stringify(argument)}: ${block}`);
  return {
    test: (v) => {
      const ip = typeof v === 'string' ? parseIpLiteral(v) : undefined;
      return ip !== undefined && inBlock(block, ip);
    },
  };
}

const onStrings = (test: StringTest): LeafMatcher => ({ test: (v) => typeof v === 'string' && test(v) });

function operator(path: string, spec: { [key: string]: JsonValue }): LeafMatcher {
  const keys = Object.keys(spec);
  const [name] = keys;
  if (name === undefined) return fail(path, 'a filter object must name an operator');
  if (keys.length !== 1)
    return fail(path, `a filter object takes exactly one operator, found ${keys.join(', ')}`);
  const argument = spec[name] as JsonValue;
  switch (name) {
    case 'prefix':
    case 'suffix':
      return onStrings(affix(path, name, argument, true));
    case 'equals-ignore-case':
      return onStrings(ignoreCaseTest(stringArgument(path, name, argument), 'equals'));
    case 'wildcard': {
      const text = stringArgument(path, name, argument);
      return { ...onStrings(wildcard(path, text)), wildcards: [text] };
    }
    case 'anything-but':
      return anythingBut(path, argument);
    case 'numeric':
      return numeric(path, argument);
    case 'cidr':
      return cidr(path, argument);
    case 'exists':
      if (typeof argument !== 'boolean') return fail(path, 'exists takes true or false');
      return argument ? { test: () => true } : { absent: true, test: () => false };
    default:
      return fail(path, `unknown operator "${name}"`);
  }
}

/** Compiles the match values of one pattern field; throws InvalidPatternError naming the field and the reason. */
export function compileLeaf(path: string, values: JsonValue[]): LeafMatcher[] {
  if (values.length === 0) fail(path, 'an empty list of values matches nothing');
  return values.map((value) => {
    if (Array.isArray(value)) return fail(path, 'a match value cannot be an array');
    if (isJsonObject(value)) return operator(path, value);
    return exact(value);
  });
}
