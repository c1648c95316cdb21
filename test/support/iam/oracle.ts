import { runSimulation } from '@cloud-copilot/iam-simulate';
import { parseIamDate } from '../../../src/domain/policy-conditions.js';
import { asList, type PolicyDocument } from '../../../src/domain/policy-document.js';
import type { AuthorizationInput } from '../../../src/domain/request-authorization.js';
import { ACCOUNT } from './request-generator.js';

/** The effects iam-simulate answers, in Rekey's words. */
const EFFECT = {
  Allowed: 'allow',
  ImplicitlyDenied: 'implicit-deny',
  ExplicitlyDenied: 'explicit-deny',
} as const;

const DATE_KEY = /^aws:(CurrentTime|TokenIssueTime|EpochTime)$/i;

/**
 * A date in the one form iam-simulate reads as AWS does. iam-simulate 0.1.173 takes an epoch value as milliseconds
 * (AWS documents seconds) and does not read ISO 8601's basic form, so the oracle is given each instant as ISO 8601
 * extended: the same instant, in the form both agree on, while Rekey's evaluator is given the form generated.
 */
function extended(value: string): string {
  const at = parseIamDate(value);
  return at === undefined ? value : new Date(at).toISOString();
}

/**
 * A bare address as the one-address range it means. iam-simulate 0.1.173 compares a bare IPv4 address with an IPv6
 * caller as never outside it (so NotIpAddress fails), unlike the same address written as a /32 range.
 */
const asRange = (value: string) =>
  value.includes('/') ? value : `${value}/${value.includes(':') ? 128 : 32}`;

/**
 * A /0 range as the two /1 ranges that make it up: iam-simulate 0.1.173 builds an IPv4 mask as `-1 << (32 - n)`,
 * which for /0 shifts by 32, a no-op in JavaScript, so 0.0.0.0/0 would match 0.0.0.0 alone.
 */
const WHOLE: Record<string, string[]> = {
  '0.0.0.0/0': ['0.0.0.0/1', '128.0.0.0/1'],
  '::/0': ['::/1', '8000::/1'],
};

const oracleForm = (operator: string, value: string): string[] =>
  /date/i.test(operator)
    ? [extended(value)]
    : /ipaddress/i.test(operator)
      ? (WHOLE[asRange(value)] ?? [asRange(value)])
      : [value];

/** A policy in the forms iam-simulate reads as AWS does (see extended and asRange). */
function inOracleForm(document: PolicyDocument): PolicyDocument {
  const statements = (Array.isArray(document.Statement) ? document.Statement : [document.Statement]).map(
    (s) => {
      if (!s.Condition) return s;
      const condition = Object.fromEntries(
        Object.entries(s.Condition).map(([operator, keys]) => [
          operator,
          Object.fromEntries(
            Object.entries(keys).map(([k, v]) => [
              k,
              Array.isArray(v) || /ipaddress/i.test(operator)
                ? asList(v).flatMap((x) => oracleForm(operator, String(x)))
                : (oracleForm(operator, String(v))[0] as string),
            ]),
          ),
        ]),
      );
      return { ...s, Condition: condition };
    },
  );
  return { ...document, Statement: statements } as PolicyDocument;
}

const named = (p: { name: string; document: PolicyDocument }) => ({
  name: p.name,
  policy: inOracleForm(p.document),
});

/** iam-simulate's answer: its decision, and the context keys it set aside as not applying to the request. */
export interface OracleDecision {
  effect: 'allow' | 'implicit-deny' | 'explicit-deny';
  ignoredContextKeys: string[];
}

/**
 * iam-simulate's decision on the same request and policies. It validates the policies (an invalid one is an error
 * here) and sets aside the context keys that the action's service does not define for it (as AWS does not send them).
 */
export async function oracleDecision(input: AuthorizationInput): Promise<OracleDecision> {
  const context = Object.fromEntries(
    Object.entries(input.context).flatMap(([k, v]) =>
      v === undefined ? [] : [[k, DATE_KEY.test(k) && typeof v === 'string' ? extended(v) : v]],
    ),
  ) as Record<string, string | string[]>;
  const result = await runSimulation(
    {
      request: {
        principal: input.principal.arn,
        action: input.action,
        resource: { resource: input.resource, accountId: input.resourceAccountId ?? ACCOUNT },
        contextVariables: context,
      },
      identityPolicies: input.identityPolicies.map(named),
      serviceControlPolicies: (input.serviceControlPolicies ?? []).map((level, i) => ({
        orgIdentifier: i === 0 ? 'r-root' : ACCOUNT,
        policies: level.map(named),
      })),
      resourceControlPolicies: [],
      ...(input.resourcePolicy ? { resourcePolicy: inOracleForm(input.resourcePolicy.document) } : {}),
      ...(input.permissionsBoundary
        ? { permissionBoundaryPolicies: [named(input.permissionsBoundary)] }
        : {}),
      ...(input.sessionPolicy ? { sessionPolicy: inOracleForm(input.sessionPolicy.document) } : {}),
    },
    {},
  );
  if (result.resultType === 'error')
    throw new Error(`iam-simulate refused the input: ${JSON.stringify(result.errors)}`);
  if (result.resultType !== 'single') throw new Error('the generator names concrete resources only');
  return { effect: EFFECT[result.overallResult], ignoredContextKeys: result.result.ignoredContextKeys ?? [] };
}
