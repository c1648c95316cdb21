import { asList, type PolicyStatement } from './policy-document.js';

/** Who makes a request, for the Principal of a resource policy: its ARN (a session's ARN for a session). */
export interface RequestPrincipal {
  arn: string;
  accountId: string;
}

/**
 * How a statement names a principal: `match` (its own ARN, or anyone), `session` (the role or user behind its
 * session), `account` (its account only, which delegates to the account's IAM policies), or `none`.
 */
export type PrincipalMatch = 'match' | 'session' | 'account' | 'none';

const ROLE = /^arn:([\w-]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;
const ASSUMED_ROLE = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/;
const FEDERATED_USER = /^arn:([\w-]+):sts::(\d{12}):federated-user\/(.+)$/;

function namedBy(value: string, principal: RequestPrincipal): PrincipalMatch {
  if (value === '*' || value === principal.arn) return 'match';
  const account = value.match(/^(\d{12})$/)?.[1] ?? value.match(/^arn:[\w-]+:iam::(\d{12}):root$/)?.[1];
  if (account !== undefined) return account === principal.accountId ? 'account' : 'none';
  const role = value.match(ROLE);
  const session = principal.arn.match(ASSUMED_ROLE);
  if (role && session && role[1] === session[1] && role[2] === session[2] && role[3] === session[3])
    return 'session';
  const federated = principal.arn.match(FEDERATED_USER);
  if (federated && value === `arn:${federated[1]}:iam::${federated[2]}:user/${federated[3]}`)
    return 'session';
  return 'none';
}

const RANK: PrincipalMatch[] = ['match', 'session', 'account'];

/** The principals a Principal element lists: `*`, or those of each kind (AWS, Service, Federated...). */
function listed(element: unknown): string[] {
  if (element === '*') return ['*'];
  return Object.values((element ?? {}) as Record<string, string | string[]>).flatMap((v) => asList(v));
}

/**
 * How a resource-policy statement's Principal names the request's principal (the closest way any entry does); a
 * NotPrincipal applies only when none of its entries names the principal in any way, its account included.
 */
export function principalMatch(statement: PolicyStatement, principal: RequestPrincipal): PrincipalMatch {
  if (statement.NotPrincipal !== undefined)
    return listed(statement.NotPrincipal).every((v) => namedBy(v, principal) === 'none') ? 'match' : 'none';
  const found = listed(statement.Principal).map((v) => namedBy(v, principal));
  return RANK.find((m) => found.includes(m)) ?? 'none';
}
