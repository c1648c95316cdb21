import { inRange, parseCidr, parseIp } from './ip-address.js';
import { asList, type PolicyDocument, type PolicyStatement, statementsOf } from './policy-document.js';

/** The request context a policy is evaluated against: global condition keys and their values. */
export type RequestContext = Record<string, string | string[] | undefined>;

/** One request as IAM authorises it. */
export interface PolicyRequest {
  action: string;
  resource: string;
  context: RequestContext;
}

/** The result of evaluating identity policies: an explicit deny wins, then any allow, else implicit deny. */
export type PolicyDecision =
  | { effect: 'explicit-deny'; policy: string; sid?: string }
  | { effect: 'allow'; policy: string }
  | { effect: 'implicit-deny' };

/** Matches IAM's `*` and `?` wildcards; actions are case-insensitive, resources are not. */
function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, ignoreCase ? 'is' : 's').test(value);
}

function actionApplies(statement: PolicyStatement, action: string): boolean {
  if (statement.Action !== undefined)
    return asList(statement.Action).some((p) => wildcardMatch(p, action, true));
  return !asList(statement.NotAction).some((p) => wildcardMatch(p, action, true));
}

function resourceApplies(statement: PolicyStatement, resource: string): boolean {
  if (statement.Resource !== undefined)
    return asList(statement.Resource).some((p) => wildcardMatch(p, resource, false));
  return !asList(statement.NotResource).some((p) => wildcardMatch(p, resource, false));
}

function inCidr(address: string, cidr: string): boolean {
  const range = parseCidr(cidr.includes('/') ? cidr : `${cidr}/${cidr.includes(':') ? 128 : 32}`);
  const ip = parseIp(address);
  return range !== undefined && ip !== undefined && inRange(range, ip);
}

function compareDates(a: string, b: string): number {
  return Date.parse(a) - Date.parse(b);
}

type Test = (actual: string, expected: string) => boolean;

const POSITIVE_TESTS: Record<string, Test> = {
  StringEquals: (a, e) => a === e,
  StringEqualsIgnoreCase: (a, e) => a.toLowerCase() === e.toLowerCase(),
  StringLike: (a, e) => wildcardMatch(e, a, false),
  NumericEquals: (a, e) => Number(a) === Number(e),
  NumericLessThan: (a, e) => Number(a) < Number(e),
  NumericLessThanEquals: (a, e) => Number(a) <= Number(e),
  NumericGreaterThan: (a, e) => Number(a) > Number(e),
  NumericGreaterThanEquals: (a, e) => Number(a) >= Number(e),
  DateEquals: (a, e) => compareDates(a, e) === 0,
  DateLessThan: (a, e) => compareDates(a, e) < 0,
  DateLessThanEquals: (a, e) => compareDates(a, e) <= 0,
  DateGreaterThan: (a, e) => compareDates(a, e) > 0,
  DateGreaterThanEquals: (a, e) => compareDates(a, e) >= 0,
  Bool: (a, e) => a.toLowerCase() === e.toLowerCase(),
  IpAddress: (a, e) => inCidr(a, e),
  ArnEquals: (a, e) => wildcardMatch(e, a, false),
  ArnLike: (a, e) => wildcardMatch(e, a, false),
};

/** Negated operators: true when no value matches (NOR), and true when the key is absent. */
const NEGATED: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
};

function contextValue(context: RequestContext, key: string): string | string[] | undefined {
  const contextKey = Object.keys(context).find((k) => k.toLowerCase() === key.toLowerCase());
  return contextKey === undefined ? undefined : context[contextKey];
}

/** Operators whose values may hold policy variables (IAM: string, ARN and Boolean operators; not IP, numeric, date). */
const TAKES_VARIABLES = /^(String|Arn|Bool)/;

/**
 * A condition value with its policy variables (`${aws:SourceVpc}`, `${key, 'default'}`) replaced from the request.
 * A variable whose key is absent (or multi-valued) and has no default leaves the value effectively null: IAM says
 * no value equals or is like it, so a positive operator never matches it and a negated one always does.
 */
function resolveVariables(value: string, context: RequestContext): string | null {
  let missing = false;
  const resolved = value.replace(/\$\{([^}]*)\}/g, (_whole, inner: string) => {
    const literal = { '*': '*', '?': '?', $: '$' }[inner.trim()];
    if (literal) return literal;
    const [, key = '', fallback] = inner.match(/^\s*([^,\s]+)\s*(?:,\s*'([^']*)'\s*)?$/) ?? [];
    const found = contextValue(context, key);
    if (typeof found === 'string') return found;
    if (fallback !== undefined) return fallback;
    missing = true;
    return '';
  });
  return missing ? null : resolved;
}

function conditionHolds(
  operatorName: string,
  key: string,
  expected: unknown,
  context: RequestContext,
): boolean {
  const values = asList(expected as unknown[] | unknown).map(String);
  const actual = contextValue(context, key);
  if (operatorName === 'Null')
    return values.some((v) => (v.toLowerCase() === 'true') === (actual === undefined));

  const qualifier = operatorName.match(/^(ForAnyValue|ForAllValues):/)?.[1];
  let operator = qualifier ? operatorName.slice(qualifier.length + 1) : operatorName;
  const ifExists = operator.endsWith('IfExists');
  if (ifExists) operator = operator.slice(0, -'IfExists'.length);
  const negatedBase = NEGATED[operator];

  if (actual === undefined) {
    if (ifExists) return true;
    if (qualifier === 'ForAllValues') return true;
    return negatedBase !== undefined && qualifier === undefined;
  }
  const test = POSITIVE_TESTS[negatedBase ?? operator];
  if (!test) throw new Error(`the sandbox does not evaluate condition operator ${operatorName}`);
  const resolved = TAKES_VARIABLES.test(operator) ? values.map((v) => resolveVariables(v, context)) : values;
  const matchesOne = (a: string) => {
    const any = resolved.some((e) => e !== null && test(a, e));
    return negatedBase ? !any : any;
  };
  const actuals = asList(actual);
  return qualifier === 'ForAllValues' ? actuals.every(matchesOne) : actuals.some(matchesOne);
}

function statementApplies(statement: PolicyStatement, request: PolicyRequest): boolean {
  if (!actionApplies(statement, request.action) || !resourceApplies(statement, request.resource))
    return false;
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => conditionHolds(operator, key, expected, request.context)),
  );
}

/** Evaluates a principal's identity policies for one request, as IAM does within one account. */
export function evaluatePolicies(
  policies: ReadonlyArray<{ name: string; document: PolicyDocument }>,
  request: PolicyRequest,
): PolicyDecision {
  let allow: PolicyDecision | undefined;
  for (const { name, document } of policies) {
    for (const statement of statementsOf(document)) {
      if (!statementApplies(statement, request)) continue;
      if (statement.Effect === 'Deny') {
        return statement.Sid === undefined
          ? { effect: 'explicit-deny', policy: name }
          : { effect: 'explicit-deny', policy: name, sid: statement.Sid };
      }
      allow ??= { effect: 'allow', policy: name };
    }
  }
  return allow ?? { effect: 'implicit-deny' };
}

/**
 * The statements of a resource policy that apply to a principal of the resource's own account, as identity-policy
 * statements: an Allow that names the principal itself (its ARN, or anyone); a Deny that names it, its account, or
 * anyone. An Allow that names the account only delegates to the account's IAM policies: it grants nothing by itself.
 */
export function resourceStatementsFor(
  document: PolicyDocument,
  principalArn: string,
  accountId: string,
): PolicyStatement[] {
  const names = (principal: unknown, effect: string) => {
    if (principal === '*') return true;
    const aws = asList((principal as { AWS?: string | string[] } | undefined)?.AWS);
    const account = [accountId, `arn:aws:iam::${accountId}:root`];
    return aws.some((p) => p === '*' || p === principalArn || (effect === 'Deny' && account.includes(p)));
  };
  return statementsOf(document)
    .filter((s) => !s.NotPrincipal && names(s.Principal, s.Effect))
    .map(({ Principal: _principal, ...rest }) =>
      rest.Resource || rest.NotResource ? rest : { ...rest, Resource: '*' },
    );
}
