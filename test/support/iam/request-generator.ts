// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${key} in policies
import type { PolicyDocument, PolicyStatement } from '../../../src/domain/policy-document.js';
import type { AuthorizationInput } from '../../../src/domain/request-authorization.js';

/** A seeded generator (mulberry32): the same seed gives the same requests on every run. */
export function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const chance = (p: number) => next() < p;
  const some = <T>(items: readonly T[], max: number): T[] => {
    const count = 1 + Math.floor(next() * max);
    return [...new Set(Array.from({ length: count }, () => pick(items)))];
  };
  return { next, pick, chance, some };
}

type Random = ReturnType<typeof seeded>;

export const ACCOUNT = '111111111111';
const OTHER = '222222222222';
const SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-AbCdEf`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;

/** The principals of the account a request may come from (a user, a role session, a federated user). */
const PRINCIPALS = [
  { arn: `arn:aws:iam::${ACCOUNT}:user/alice`, username: 'alice', type: 'User' },
  { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/i-0abc`, type: 'AssumedRole' },
  { arn: `arn:aws:sts::${ACCOUNT}:federated-user/bob`, type: 'FederatedUser' },
];

/** Actions with resources of their own, and the resources each request may name. */
const REQUESTS = [
  {
    action: 's3:GetObject',
    resources: ['arn:aws:s3:::reports/alice/q1.csv', 'arn:aws:s3:::reports/bob/q1.csv'],
  },
  { action: 's3:PutObject', resources: ['arn:aws:s3:::reports/alice/q2.csv', 'arn:aws:s3:::logs/x.gz'] },
  { action: 'secretsmanager:GetSecretValue', resources: [SECRET] },
  { action: 'secretsmanager:PutSecretValue', resources: [SECRET] },
  {
    action: 'iam:DeleteAccessKey',
    resources: [`arn:aws:iam::${ACCOUNT}:user/alice`, `arn:aws:iam::${ACCOUNT}:user/carol`],
  },
  { action: 'iam:PutRolePolicy', resources: [ROLE] },
  { action: 'ec2:TerminateInstances', resources: [`arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0abc`] },
];

const ACTION_PATTERNS = [
  '*',
  's3:*',
  's3:Get*',
  's3:GetObject',
  's3:get?bject',
  'secretsmanager:*',
  'secretsmanager:GetSecretValue',
  'iam:*',
  'iam:Delete*',
  'iam:PutRolePolicy',
  'ec2:*',
  'ec2:Terminate*',
  'kms:Decrypt',
  'kms:*',
  'sts:*',
];
const RESOURCE_PATTERNS = [
  '*',
  'arn:aws:s3:::reports/*',
  'arn:aws:s3:::reports/${aws:username}/*',
  'arn:aws:s3:::*/q?.csv',
  `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-*`,
  `arn:aws:secretsmanager:*:*:secret:*`,
  `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`,
  `arn:aws:iam::${ACCOUNT}:user/*`,
  `arn:aws:iam::*:role/app`,
  `arn:aws:ec2:*:${ACCOUNT}:instance/*`,
  'arn:aws:kms:*:*:key/*',
  `arn:aws:s3:::\${aws:PrincipalTag/team, 'reports'}/*`,
];

/** Dates in every form IAM takes (ISO 8601 extended and basic, date only, offsets, fractions, epoch seconds). */
function dateForms(epochSeconds: number): string[] {
  const iso = new Date(epochSeconds * 1000).toISOString();
  const seconds = `${iso.slice(0, 19)}Z`;
  const shifted = new Date((epochSeconds + 7200) * 1000).toISOString().slice(0, 19);
  return [
    seconds,
    iso,
    String(epochSeconds),
    `${shifted}+02:00`,
    seconds.replace(/[-:]/g, ''),
    iso.slice(0, 10),
  ];
}

const INSTANTS = [1_767_225_600, 1_767_225_601, 1_767_312_000, 1_735_689_600];

/** One condition block: an operator (with IfExists / set qualifiers) on a key, and plausible values. */
function condition(r: Random): Record<string, Record<string, string | string[]>> {
  const choices: Array<() => [string, string, string | string[]]> = [
    () => [
      r.pick(['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike', 'StringEqualsIgnoreCase']),
      'aws:PrincipalTag/team',
      r.some(['red', 'blue', 'Red', 'r*', '${aws:username}'], 2),
    ],
    () => [
      r.pick(['StringEquals', 'StringNotEquals', 'StringLike']),
      'aws:username',
      r.pick([
        'alice',
        '${aws:username}',
        'a*',
        '${aws:PrincipalTag/team}',
        "${aws:PrincipalTag/owner, 'alice'}",
      ]),
    ],
    () => [
      r.pick([
        'ForAnyValue:StringEquals',
        'ForAllValues:StringEquals',
        'ForAnyValue:StringLike',
        'ForAllValues:StringNotEquals',
        'ForAnyValue:StringNotLike',
        'ForAllValues:StringLikeIfExists',
        'ForAnyValue:StringEqualsIfExists',
      ]),
      'aws:TagKeys',
      r.some(['team', 'owner', 'cost*', 'env'], 3),
    ],
    () => [
      r.pick([
        'DateLessThan',
        'DateGreaterThan',
        'DateLessThanEquals',
        'DateGreaterThanEquals',
        'DateEquals',
        'DateNotEquals',
        'DateLessThanIfExists',
      ]),
      r.pick(['aws:CurrentTime', 'aws:TokenIssueTime', 'aws:EpochTime']),
      r.pick(dateForms(r.pick(INSTANTS))),
    ],
    () => [
      r.pick(['IpAddress', 'NotIpAddress', 'IpAddressIfExists', 'NotIpAddressIfExists']),
      'aws:SourceIp',
      r.some(['203.0.113.0/24', '198.51.100.7', '2001:db8::/32', '10.0.0.0/8'], 2),
    ],
    () => [r.pick(['Bool', 'BoolIfExists']), 'aws:MultiFactorAuthPresent', r.pick(['true', 'false'])],
    () => [
      r.pick(['Null']),
      r.pick(['aws:TokenIssueTime', 'aws:SourceVpc', 'aws:PrincipalTag/team', 'aws:TagKeys']),
      r.pick(['true', 'false']),
    ],
    () => [
      r.pick([
        'NumericLessThan',
        'NumericGreaterThanEquals',
        'NumericEquals',
        'NumericNotEquals',
        'NumericLessThanIfExists',
      ]),
      'aws:MultiFactorAuthAge',
      r.pick(['3600', '0', '900.5']),
    ],
    () => [
      r.pick(['ArnLike', 'ArnEquals', 'ArnNotLike', 'ArnNotEquals', 'ArnLikeIfExists']),
      'aws:PrincipalArn',
      r.pick([
        `arn:aws:iam::${ACCOUNT}:user/*`,
        `arn:aws:iam::*:role/app`,
        'arn:*:iam::*:root',
        `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`,
      ]),
    ],
    () => [r.pick(['StringEquals', 'StringNotEquals']), 'aws:PrincipalAccount', r.pick([ACCOUNT, OTHER])],
    () => [
      r.pick(['StringEquals', 'StringNotEquals', 'StringNotEqualsIfExists']),
      'aws:SourceVpc',
      r.pick(['vpc-1', '${aws:ec2InstanceSourceVPC}']),
    ],
  ];
  const block: Record<string, Record<string, string | string[]>> = {};
  for (let i = 0; i < 1 + Math.floor(r.next() * 2); i++) {
    const [operator, key, values] = r.pick(choices)();
    block[operator] = { ...block[operator], [key]: values };
  }
  return block;
}

function statement(r: Random, effect: 'Allow' | 'Deny'): PolicyStatement {
  const action = r.chance(0.15)
    ? { NotAction: r.some(ACTION_PATTERNS, 2) }
    : { Action: r.some(ACTION_PATTERNS, 3) };
  const resource = r.chance(0.1)
    ? { NotResource: r.some(RESOURCE_PATTERNS, 2) }
    : { Resource: r.chance(0.4) ? '*' : r.some(RESOURCE_PATTERNS, 3) };
  return {
    Effect: effect,
    ...action,
    ...resource,
    ...(r.chance(0.45) ? { Condition: condition(r) } : {}),
  } as PolicyStatement;
}

/** A policy of one to three statements, allows more often than denies. */
export function policy(r: Random, denyChance = 0.3): PolicyDocument {
  const statements = Array.from({ length: 1 + Math.floor(r.next() * 3) }, () =>
    statement(r, r.chance(denyChance) ? 'Deny' : 'Allow'),
  );
  return { Version: '2012-10-17', Statement: statements };
}

const PRINCIPAL_VALUES = [
  '*',
  ACCOUNT,
  `arn:aws:iam::${ACCOUNT}:root`,
  `arn:aws:iam::${OTHER}:root`,
  `arn:aws:iam::${ACCOUNT}:user/alice`,
  ROLE,
  `arn:aws:sts::${ACCOUNT}:assumed-role/app/i-0abc`,
  `arn:aws:iam::${ACCOUNT}:user/bob`,
  `arn:aws:sts::${ACCOUNT}:federated-user/bob`,
];

/** A resource policy: statements naming principals (or, rarely, all but some: NotPrincipal). */
function resourcePolicy(r: Random): PolicyDocument {
  const statements = Array.from({ length: 1 + Math.floor(r.next() * 2) }, () => {
    const effect = r.chance(0.35) ? 'Deny' : 'Allow';
    const base = statement(r, effect);
    const names = r.chance(0.1) ? '*' : { AWS: r.some(PRINCIPAL_VALUES, 2) };
    return effect === 'Deny' && r.chance(0.25)
      ? { ...base, NotPrincipal: { AWS: r.some(PRINCIPAL_VALUES.slice(1), 2) } }
      : { ...base, Principal: names };
  });
  return { Version: '2012-10-17', Statement: statements as PolicyStatement[] };
}

/** An SCP level: the default FullAWSAccess, an allow-list, and/or a guardrail deny. */
function scpLevel(r: Random, level: string) {
  const full = {
    name: `${level}-FullAWSAccess`,
    document: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    } as PolicyDocument,
  };
  const allowList = {
    name: `${level}-allow-list`,
    document: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: r.some(ACTION_PATTERNS.slice(1), 3), Resource: '*' }],
    } as PolicyDocument,
  };
  const guardrail = { name: `${level}-guardrail`, document: policy(r, 1) };
  return [r.chance(0.6) ? full : allowList, ...(r.chance(0.4) ? [guardrail] : [])];
}

/** The request context a principal's call carries: present or absent keys, single or multi-valued. */
function context(r: Random, principal: (typeof PRINCIPALS)[number]): Record<string, string | string[]> {
  const at = r.pick(INSTANTS) + (r.chance(0.5) ? 0 : Math.floor(r.next() * 200_000) - 100_000);
  const keys: Record<string, string | string[] | undefined> = {
    'aws:PrincipalArn': principal.arn,
    'aws:PrincipalAccount': ACCOUNT,
    'aws:PrincipalType': principal.type,
    'aws:username': principal.username,
    'aws:CurrentTime': r.pick(dateForms(at).slice(0, 2)),
    'aws:EpochTime': String(at),
    'aws:TokenIssueTime':
      principal.type === 'User' && r.chance(0.5)
        ? undefined
        : r.pick(dateForms(at - r.pick([0, 1, 3600])).slice(0, 2)),
    'aws:SourceIp': r.chance(0.2)
      ? undefined
      : r.pick(['203.0.113.9', '198.51.100.7', '2001:db8::1', '10.1.2.3']),
    'aws:MultiFactorAuthPresent': r.chance(0.3) ? undefined : r.pick(['true', 'false']),
    'aws:MultiFactorAuthAge': r.chance(0.5) ? undefined : r.pick(['0', '600', '3600', '7200']),
    'aws:PrincipalTag/team': r.chance(0.4) ? undefined : r.pick(['red', 'blue', 'RED']),
    'aws:TagKeys': r.chance(0.4) ? undefined : r.some(['team', 'owner', 'costcenter', 'env'], 3),
    'aws:SourceVpc': r.chance(0.6) ? undefined : r.pick(['vpc-1', 'vpc-2']),
    'aws:ec2InstanceSourceVPC': r.chance(0.6) ? undefined : 'vpc-1',
  };
  return Object.fromEntries(
    Object.entries(keys).filter((e): e is [string, string | string[]] => e[1] !== undefined),
  );
}

/** One generated request with every kind of policy that may decide it. */
export function generateRequest(r: Random): AuthorizationInput {
  const principal = r.pick(PRINCIPALS);
  const call = r.pick(REQUESTS);
  const resource = r.pick(call.resources);
  const identityPolicies = Array.from({ length: 1 + Math.floor(r.next() * 2) }, (_, i) => ({
    name: `identity-${i}`,
    document: policy(r),
  }));
  const resourcePolicyKind = call.action.startsWith('s3:') || call.action.startsWith('secretsmanager:');
  return {
    principal: { arn: principal.arn, accountId: ACCOUNT },
    action: call.action,
    resource,
    context: context(r, principal),
    identityPolicies,
    ...(r.chance(0.4) ? { serviceControlPolicies: [scpLevel(r, 'root'), scpLevel(r, 'account')] } : {}),
    ...(resourcePolicyKind && r.chance(0.5)
      ? { resourcePolicy: { name: 'resource', document: resourcePolicy(r) } }
      : {}),
    ...(principal.type !== 'User' && r.chance(0.3)
      ? { sessionPolicy: { name: 'session', document: policy(r, 0.2) } }
      : {}),
    ...(principal.type !== 'FederatedUser' && r.chance(0.3)
      ? { permissionsBoundary: { name: 'boundary', document: policy(r, 0.2) } }
      : {}),
  };
}

/** Who may ask to assume a role: the account's user and role session, or a user of another account. */
const ASSUMERS = [
  PRINCIPALS[0] as (typeof PRINCIPALS)[number],
  PRINCIPALS[1] as (typeof PRINCIPALS)[number],
  { arn: `arn:aws:iam::${OTHER}:user/mallory`, username: 'mallory', type: 'User' },
];

/** A role's trust policy: statements naming principals for sts:AssumeRole, with no Resource, as IAM writes them. */
function trustPolicy(r: Random): PolicyDocument {
  const statements = Array.from({ length: 1 + Math.floor(r.next() * 2) }, () => ({
    Effect: r.chance(0.25) ? 'Deny' : 'Allow',
    Principal: r.chance(0.1)
      ? '*'
      : { AWS: r.some([...PRINCIPAL_VALUES, `arn:aws:iam::${OTHER}:user/mallory`], 2) },
    Action: r.pick(['sts:AssumeRole', 'sts:*', ['sts:AssumeRole', 'sts:TagSession']]),
    ...(r.chance(0.3) ? { Condition: condition(r) } : {}),
  }));
  return { Version: '2012-10-17', Statement: statements as PolicyStatement[] };
}

/** One generated sts:AssumeRole request: the role's trust policy is its resource policy, which must allow. */
export function generateAssumeRole(r: Random): AuthorizationInput {
  const principal = r.pick(ASSUMERS);
  const accountId = principal.arn.split(':')[4] as string;
  const roleAccount = r.chance(0.7) ? ACCOUNT : OTHER;
  const identityPolicies = Array.from({ length: 1 + Math.floor(r.next() * 2) }, (_, i) => ({
    name: `identity-${i}`,
    document: policy(r),
  }));
  return {
    principal: { arn: principal.arn, accountId },
    action: 'sts:AssumeRole',
    resource: `arn:aws:iam::${roleAccount}:role/target`,
    resourceAccountId: roleAccount,
    context: { ...context(r, principal), 'aws:PrincipalAccount': accountId },
    identityPolicies,
    resourcePolicy: { name: 'the trust policy', document: trustPolicy(r) },
    resourcePolicyMustAllow: true,
    ...(r.chance(0.3) ? { serviceControlPolicies: [scpLevel(r, 'root'), scpLevel(r, 'account')] } : {}),
    ...(r.chance(0.3) ? { permissionsBoundary: { name: 'boundary', document: policy(r, 0.2) } } : {}),
  };
}
