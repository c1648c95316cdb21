import { inRange, parseCidr, parseIp } from './ip-address.js';
import { asList } from './policy-document.js';

/** The request context a policy is evaluated against: condition keys and their values (a list: multivalued). */
export type RequestContext = Record<string, string | string[] | undefined>;

/** A context key's value, looked up as IAM does: key names are case-insensitive. */
export function contextValue(context: RequestContext, key: string): string | string[] | undefined {
  if (key in context) return context[key];
  const lower = key.toLowerCase();
  const found = Object.keys(context).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : context[found];
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * An IAM string as a pattern: `${key}` and `${key, 'default'}` replaced from the request, `${*}`, `${?}`, `${$}` as
 * those characters, and, where wildcards apply, `*` and `?` as wildcards. Undefined when a variable has no single
 * value and no default: IAM then matches nothing with it (IAM User Guide, "Policy variables with no value").
 */
export function iamPattern(value: string, context: RequestContext, wildcards: boolean): RegExp | undefined {
  let pattern = '';
  let unresolved = false;
  const tokens = /\$\{([^}]*)\}|[*?]/g;
  let last = 0;
  for (const match of value.matchAll(tokens)) {
    pattern += escapeRegex(value.slice(last, match.index));
    last = match.index + match[0].length;
    const [token, inner] = match;
    if (token === '*' || token === '?') pattern += wildcards ? (token === '*' ? '.*' : '.') : `\\${token}`;
    else if (inner === '*' || inner === '?' || inner === '$') pattern += `\\${inner}`;
    else {
      const [name = '', fallback] = (inner ?? '').split(', ');
      const quoted = fallback?.match(/^'(.*)'$/)?.[1];
      const found = contextValue(context, name.trim());
      const resolved = typeof found === 'string' && found !== '' ? found : quoted || undefined;
      if (resolved === undefined) unresolved = true;
      else pattern += escapeRegex(resolved);
    }
  }
  pattern += escapeRegex(value.slice(last));
  return unresolved ? undefined : new RegExp(`^${pattern}$`);
}

/**
 * A date condition value as an instant: epoch seconds (AWS documents epoch time for date operators in seconds) or
 * an ISO 8601 date or date-time, extended or basic (`20260101T120000Z`). Undefined for anything else.
 */
export function parseIamDate(value: string): number | undefined {
  if (/^-?\d+$/.test(value)) return Number(value) * 1000;
  const basic = value.match(/^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2}))?$/);
  const text = basic
    ? `${basic[1]}-${basic[2]}-${basic[3]}${basic[4] ? `T${basic[4]}:${basic[5]}:${basic[6]}${basic[7] ?? ''}${basic[8]}` : ''}`
    : value;
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** IAM's numeric reading: a decimal or an integer (leading digits, as IAM's parser takes them). */
function parseNumber(value: string): number | undefined {
  const parsed = value.includes('.') ? Number.parseFloat(value) : Number.parseInt(value, 10);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function arnMatches(policyArn: string, actual: string, context: RequestContext): boolean {
  const parts = (arn: string) => {
    const split = arn.split(':');
    return split.length < 6 ? undefined : [...split.slice(0, 5), split.slice(5).join(':')];
  };
  const policy = parts(policyArn);
  const request = parts(actual);
  if (!policy || !request) return false;
  return policy.every((part, i) => iamPattern(part, context, true)?.test(request[i] ?? '') === true);
}

function compare(parse: (v: string) => number | undefined, test: (p: number, a: number) => boolean) {
  return (actual: string, expected: string): boolean => {
    const p = parse(expected);
    const a = parse(actual);
    return p !== undefined && a !== undefined && test(p, a);
  };
}

function inCidr(actual: string, cidr: string): boolean {
  const range = parseCidr(cidr.includes('/') ? cidr : `${cidr}/${cidr.includes(':') ? 128 : 32}`);
  const ip = parseIp(actual);
  return range !== undefined && ip !== undefined && inRange(range, ip);
}

type Test = (actual: string, expected: string, context: RequestContext) => boolean;

const stringTest =
  (wildcards: boolean, flags = ''): Test =>
  (actual, expected, context) => {
    const pattern = iamPattern(expected, context, wildcards);
    return pattern !== undefined && new RegExp(pattern.source, flags).test(actual);
  };

const isBool = (v: string) => v.toLowerCase() === 'true' || v.toLowerCase() === 'false';

/** Each operator's test of one request value against one policy value (the positive form of the negated ones). */
const TESTS: Record<string, Test> = {
  stringequals: stringTest(false),
  stringequalsignorecase: stringTest(false, 'i'),
  stringlike: stringTest(true),
  numericequals: compare(parseNumber, (p, a) => a === p),
  numericlessthan: compare(parseNumber, (p, a) => a < p),
  numericlessthanequals: compare(parseNumber, (p, a) => a <= p),
  numericgreaterthan: compare(parseNumber, (p, a) => a > p),
  numericgreaterthanequals: compare(parseNumber, (p, a) => a >= p),
  dateequals: compare(parseIamDate, (p, a) => a === p),
  datelessthan: compare(parseIamDate, (p, a) => a < p),
  datelessthanequals: compare(parseIamDate, (p, a) => a <= p),
  dategreaterthan: compare(parseIamDate, (p, a) => a > p),
  dategreaterthanequals: compare(parseIamDate, (p, a) => a >= p),
  bool: (actual, expected, context) => {
    const resolved = iamPattern(expected, context, false);
    const text = resolved?.source.slice(1, -1) ?? '';
    return isBool(text) && isBool(actual) && text.toLowerCase() === actual.toLowerCase();
  },
  binaryequals: (actual, expected) => actual === expected,
  ipaddress: (actual, expected) => inCidr(actual, expected),
  arnequals: (actual, expected, context) => arnMatches(expected, actual, context),
  arnlike: (actual, expected, context) => arnMatches(expected, actual, context),
};

/** The negated operators, by the positive test each negates. */
const NEGATED: Record<string, string> = {
  stringnotequals: 'stringequals',
  stringnotequalsignorecase: 'stringequalsignorecase',
  stringnotlike: 'stringlike',
  numericnotequals: 'numericequals',
  datenotequals: 'dateequals',
  notipaddress: 'ipaddress',
  arnnotequals: 'arnequals',
  arnnotlike: 'arnlike',
};

/**
 * Whether one request value satisfies an operator's policy values: any of them for a positive operator; none of
 * them for a negated one, where a policy value that cannot be compared (an unresolved variable, a value of the wrong
 * type) fails the condition rather than counting as unequal.
 */
function valueMatches(
  operator: string,
  actual: string,
  expected: string[],
  context: RequestContext,
): boolean {
  const negates = NEGATED[operator];
  const test = TESTS[negates ?? operator];
  if (!test) throw new Error(`unknown condition operator ${operator}`);
  if (!negates) return expected.some((e) => test(actual, e, context));
  return expected.every((e) => comparable(negates, actual, e, context) && !test(actual, e, context));
}

function comparable(operator: string, actual: string, expected: string, context: RequestContext): boolean {
  if (operator.startsWith('numeric'))
    return parseNumber(actual) !== undefined && parseNumber(expected) !== undefined;
  if (operator.startsWith('date'))
    return parseIamDate(actual) !== undefined && parseIamDate(expected) !== undefined;
  if (operator === 'ipaddress') return parseIp(actual) !== undefined;
  if (operator.startsWith('arn')) return actual.split(':').length >= 6 && arnMatchesShape(expected, context);
  return iamPattern(expected, context, false) !== undefined;
}

const arnMatchesShape = (arn: string, context: RequestContext) =>
  arn.split(':').length >= 6 && arn.split(':').every((p) => iamPattern(p, context, true) !== undefined);

/**
 * One condition (operator, key, values), as IAM evaluates it: `Null` tests presence; a single-valued operator
 * needs a single value (a missing key satisfies only `...IfExists` and the negated operators); `ForAnyValue` needs
 * one request value to match (a missing key fails it), `ForAllValues` every one (a missing key satisfies it).
 */
export function conditionHolds(
  operatorName: string,
  key: string,
  expected: unknown,
  context: RequestContext,
): boolean {
  const values = asList(expected as unknown[] | unknown).map(String);
  const actual = contextValue(context, key);
  const qualifier = operatorName.match(/^(ForAnyValue|ForAllValues):/i)?.[1]?.toLowerCase();
  let operator = (qualifier ? operatorName.slice(qualifier.length + 1) : operatorName).toLowerCase();
  const ifExists = operator.endsWith('ifexists');
  if (ifExists) operator = operator.slice(0, -'ifexists'.length);
  if (operator === 'null') return values.some((v) => v.toLowerCase() === String(actual === undefined));
  if (qualifier === 'forallvalues')
    return actual === undefined || asList(actual).every((a) => valueMatches(operator, a, values, context));
  if (qualifier === 'foranyvalue')
    return actual !== undefined && asList(actual).some((a) => valueMatches(operator, a, values, context));
  if (actual === undefined) return ifExists || operator in NEGATED;
  if (typeof actual !== 'string') return false;
  return valueMatches(operator, actual, values, context);
}
