import { describe, expect, it } from 'vitest';
import type { PolicyDocument, PolicyStatement } from '../../../../src/domain/policy-document.js';
import { evaluatePolicies } from '../../../../src/domain/policy-evaluator.js';
import { authorizeRequest } from '../../../../src/domain/request-authorization.js';

const admin: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};
const deny = (condition: NonNullable<PolicyStatement['Condition']>): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: condition }],
});
const request = (context: Record<string, string | undefined>) => ({
  action: 's3:ListBuckets',
  resource: '*',
  context,
});

describe('identity policy evaluation', () => {
  it('lets an explicit deny win over any allow', () => {
    const decision = evaluatePolicies(
      [
        { name: 'admin', document: admin },
        { name: 'deny', document: deny({ DateLessThan: { 'aws:TokenIssueTime': '2026-11-28T09:04:00Z' } }) },
      ],
      request({ 'aws:TokenIssueTime': '2026-11-28T08:55:12Z' }),
    );
    expect(decision).toEqual({ effect: 'explicit-deny', policy: 'deny' });
  });

  it('does not apply a TokenIssueTime deny to a request without the key (long-term credentials)', () => {
    const decision = evaluatePolicies(
      [
        { name: 'deny', document: deny({ DateLessThan: { 'aws:TokenIssueTime': '2026-11-28T09:04:00Z' } }) },
        { name: 'admin', document: admin },
      ],
      request({}),
    );
    expect(decision).toEqual({ effect: 'allow', policy: 'admin' });
  });

  it('does not deny sessions issued at or after the cut-off', () => {
    const decision = evaluatePolicies(
      [
        { name: 'deny', document: deny({ DateLessThan: { 'aws:TokenIssueTime': '2026-11-28T09:04:00Z' } }) },
        { name: 'admin', document: admin },
      ],
      request({ 'aws:TokenIssueTime': '2026-11-28T09:04:00Z' }),
    );
    expect(decision.effect).toBe('allow');
  });

  it('treats a missing key as true for negated operators and IfExists, false otherwise', () => {
    const policies = (condition: Parameters<typeof deny>[0]) => [{ name: 'deny', document: deny(condition) }];
    expect(
      evaluatePolicies(policies({ StringNotEquals: { 'aws:SourceVpc': 'vpc-1' } }), request({})).effect,
    ).toBe('explicit-deny');
    expect(
      evaluatePolicies(policies({ StringEquals: { 'aws:SourceVpc': 'vpc-1' } }), request({})).effect,
    ).toBe('implicit-deny');
    expect(
      evaluatePolicies(policies({ StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-1' } }), request({})).effect,
    ).toBe('explicit-deny');
    expect(evaluatePolicies(policies({ Null: { 'aws:SourceVpc': 'true' } }), request({})).effect).toBe(
      'explicit-deny',
    );
  });

  it('matches source addresses against CIDR blocks, IPv4 and IPv6', () => {
    const policies = [
      { name: 'deny', document: deny({ NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] } }) },
    ];
    expect(evaluatePolicies(policies, request({ 'aws:SourceIp': '10.1.2.3' })).effect).toBe('implicit-deny');
    expect(evaluatePolicies(policies, request({ 'aws:SourceIp': '2001:db8::7' })).effect).toBe(
      'implicit-deny',
    );
    expect(evaluatePolicies(policies, request({ 'aws:SourceIp': '198.51.100.7' })).effect).toBe(
      'explicit-deny',
    );
  });

  it('replaces policy variables in condition values from the request, as AWS data-perimeter policies use them', () => {
    const policies = [
      {
        name: 'deny',
        document: deny({ StringNotEquals: { 'aws:SourceVpc': `\${aws:ec2InstanceSourceVPC}` } }),
      },
    ];
    const through = (sourceVpc: string) =>
      evaluatePolicies(policies, request({ 'aws:SourceVpc': sourceVpc, 'aws:ec2InstanceSourceVPC': 'vpc-1' }))
        .effect;
    expect(through('vpc-1')).toBe('implicit-deny');
    expect(through('vpc-2')).toBe('explicit-deny');
  });

  it('matches nothing with a variable whose key is absent and has no default, negated operators included (as iam-simulate)', () => {
    const policies = (condition: Parameters<typeof deny>[0]) => [{ name: 'deny', document: deny(condition) }];
    const context = request({ 'aws:ec2InstanceSourcePrivateIPv4': '10.0.1.15' });
    expect(
      evaluatePolicies(
        policies({ StringNotEquals: { 'aws:ec2InstanceSourcePrivateIPv4': `\${aws:VpcSourceIp}` } }),
        context,
      ).effect,
    ).toBe('implicit-deny');
    expect(
      evaluatePolicies(
        policies({ StringEquals: { 'aws:ec2InstanceSourcePrivateIPv4': `\${aws:VpcSourceIp}` } }),
        context,
      ).effect,
    ).toBe('implicit-deny');
    expect(
      evaluatePolicies(
        policies({
          StringEquals: { 'aws:ec2InstanceSourcePrivateIPv4': `\${aws:VpcSourceIp, '10.0.1.15'}` },
        }),
        context,
      ).effect,
    ).toBe('explicit-deny');
  });

  it('matches actions case-insensitively with wildcards, and honours NotAction', () => {
    const readOnly: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:List*'], Resource: '*' }],
    };
    expect(
      evaluatePolicies([{ name: 'ro', document: readOnly }], {
        action: 's3:listbuckets',
        resource: '*',
        context: {},
      }).effect,
    ).toBe('allow');
    const notIam: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }],
    };
    expect(
      evaluatePolicies([{ name: 'n', document: notIam }], {
        action: 'iam:CreateUser',
        resource: '*',
        context: {},
      }).effect,
    ).toBe('implicit-deny');
  });
});

describe('a resource policy, for a principal of its own account', () => {
  const policy = (effect: 'Allow' | 'Deny', principal: '*' | { AWS: string }): PolicyDocument => ({
    Version: '2012-10-17',
    Statement: [{ Effect: effect, Principal: principal, Action: 'secretsmanager:GetSecretValue' }],
  });
  const role = 'arn:aws:iam::111122223333:role/app';

  const read = (resourcePolicy: PolicyDocument, identity: PolicyDocument[] = []) =>
    authorizeRequest({
      principal: { arn: role, accountId: '111122223333' },
      action: 'secretsmanager:GetSecretValue',
      resource: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf',
      context: {},
      identityPolicies: identity.map((document, i) => ({ name: `identity-${i}`, document })),
      resourcePolicy: { name: 'the resource policy', document: resourcePolicy },
    }).effect;

  it('grants by itself only when it names the principal (or anyone): naming the account delegates to IAM', () => {
    expect(read(policy('Allow', { AWS: role }))).toBe('allow');
    expect(read(policy('Allow', '*'))).toBe('allow');
    expect(read(policy('Allow', { AWS: 'arn:aws:iam::111122223333:root' }))).toBe('implicit-deny');
    expect(read(policy('Allow', { AWS: '111122223333' }))).toBe('implicit-deny');
  });

  it('denies every principal of the account when its deny names the account', () => {
    const everything: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    };
    expect(read(policy('Deny', { AWS: 'arn:aws:iam::111122223333:root' }), [everything])).toBe(
      'explicit-deny',
    );
  });
});
