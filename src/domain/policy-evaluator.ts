import { conditionHolds, iamPattern, type RequestContext } from './policy-conditions.js';
import { asList, type PolicyDocument, type PolicyStatement, statementsOf } from './policy-document.js';
import { type PrincipalMatch, principalMatch, type RequestPrincipal } from './principal-match.js';

export type { RequestContext } from './policy-conditions.js';

/** One request as IAM authorises it: who asks (needed only by resource policies), what, on what, in what context. */
export interface PolicyRequest {
  action: string;
  resource: string;
  context: RequestContext;
  principal?: RequestPrincipal;
}

/** The result of evaluating identity policies: an explicit deny wins, then any allow, else implicit deny. */
export type PolicyDecision =
  | { effect: 'explicit-deny'; policy: string; sid?: string }
  | { effect: 'allow'; policy: string }
  | { effect: 'implicit-deny' };

/** A policy with the name it is reported by. */
export interface NamedPolicy {
  name: string;
  document: PolicyDocument;
}

function actionMatches(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  const [service, name] = [pattern.slice(0, pattern.indexOf(':')), pattern.slice(pattern.indexOf(':') + 1)];
  const [wanted, called] = [action.slice(0, action.indexOf(':')), action.slice(action.indexOf(':') + 1)];
  if (!pattern.includes(':') || service.toLowerCase() !== wanted.toLowerCase() || /\s/.test(name))
    return false;
  const regex = iamPattern(name, {}, true);
  return regex !== undefined && new RegExp(regex.source, 'i').test(called);
}

/** An ARN's six parts, the last holding any further colons; undefined for what is not an ARN. */
function arnParts(arn: string): string[] | undefined {
  const parts = arn.split(':');
  return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/** The resource type prefix of an ARN's resource part (`user/`, `secret:`); none for an S3 bucket or object. */
function resourceType(parts: string[]): string {
  const [, , service, region, account, id = ''] = parts;
  if (service === 's3' && region === '' && account === '') return '';
  const cut = [id.indexOf('/'), id.indexOf(':')].filter((i) => i >= 0);
  return cut.length ? id.slice(0, Math.min(...cut) + 1) : '';
}

const segment = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\?/g, '.')
      .replace(/\*/g, '.*')}$`,
    'i',
  ).test(value);

/**
 * A policy's resource against the request's, as IAM compares ARNs: partition, service, region and account each
 * (case-insensitive), then the resource type, then the resource id with policy variables resolved. `unknown` when
 * only a variable the request has no value for stands between them.
 */
export function resourceMatch(
  pattern: string,
  resource: string,
  context: RequestContext,
): 'match' | 'mismatch' | 'unknown' {
  if (pattern === '*') return 'match';
  const policy = arnParts(pattern);
  const request = arnParts(resource);
  if (!policy || !request) {
    const whole = iamPattern(pattern, context, true);
    return whole === undefined ? 'unknown' : whole.test(resource) ? 'match' : 'mismatch';
  }
  if (![1, 2, 3, 4].every((i) => segment(policy[i] ?? '', request[i] ?? ''))) return 'mismatch';
  const type = resourceType(policy);
  const id = request[5] ?? '';
  if (!id.startsWith(type)) return 'mismatch';
  const rest = iamPattern((policy[5] ?? '').slice(type.length), context, true);
  return rest === undefined ? 'unknown' : rest.test(id.slice(type.length)) ? 'match' : 'mismatch';
}

/** Whether a policy's resource names the request's resource. */
export function resourceMatches(pattern: string, resource: string, context: RequestContext): boolean {
  return resourceMatch(pattern, resource, context) === 'match';
}

function actionApplies(statement: PolicyStatement, action: string): boolean {
  if (statement.Action !== undefined) return asList(statement.Action).some((p) => actionMatches(p, action));
  return !asList(statement.NotAction).some((p) => actionMatches(p, action));
}

/** Resource names the request's resource; NotResource applies when no entry may name it (an unknown one may). */
function resourceApplies(statement: PolicyStatement, request: PolicyRequest): boolean {
  const match = (p: string) => resourceMatch(p, request.resource, request.context);
  if (statement.Resource !== undefined) return asList(statement.Resource).some((p) => match(p) === 'match');
  return asList(statement.NotResource).every((p) => match(p) === 'mismatch');
}

/** Whether every condition of a statement holds in the request's context. */
export function conditionsHold(statement: PolicyStatement, context: RequestContext): boolean {
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => conditionHolds(operator, key, expected, context)),
  );
}

/**
 * How a statement's Principal or NotPrincipal names the request's principal: always `match` for a statement without
 * either (an identity policy's); `none` when the request has no principal to compare.
 */
export function statementPrincipal(statement: PolicyStatement, request: PolicyRequest): PrincipalMatch {
  if (statement.Principal === undefined && statement.NotPrincipal === undefined) return 'match';
  if (!request.principal) return 'none';
  return principalMatch(statement, request.principal);
}

/** Whether a statement's action, resource and conditions apply to the request (its principal aside). */
export function statementApplies(statement: PolicyStatement, request: PolicyRequest): boolean {
  return (
    actionApplies(statement, request.action) &&
    resourceApplies(statement, request) &&
    conditionsHold(statement, request.context)
  );
}

/** Evaluates policies without principals (identity, boundary, session, SCPs) for one request. */
export function evaluatePolicies(policies: readonly NamedPolicy[], request: PolicyRequest): PolicyDecision {
  let allow: PolicyDecision | undefined;
  for (const { name, document } of policies) {
    for (const statement of statementsOf(document)) {
      if (statementPrincipal(statement, request) === 'none' || !statementApplies(statement, request))
        continue;
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
