import { describe, expect, it } from 'vitest';
import { principalIdentity, samePrincipal } from '../../../src/domain/principal-arn.js';

const SSO = 'AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b';

describe('principal ARNs, compared as IAM tells principals apart', () => {
  it.each([
    ['arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:user/engineering/alice', 'a path'],
    [
      'arn:aws:iam::111122223333:user/alice',
      'arn:aws:iam::111122223333:user/Alice',
      'case (IAM names are unique regardless of case)',
    ],
    [
      'arn:aws:iam::111122223333:role/deployer',
      'arn:aws:sts::111122223333:assumed-role/deployer/ci-42',
      'a session of the role',
    ],
    [
      `arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/${SSO}`,
      `arn:aws:sts::111122223333:assumed-role/${SSO}/alice@example.com`,
      'an Identity Center role with its reserved path and a session of it',
    ],
    [
      `arn:aws:sts::999900001111:assumed-role/AWSReservedSSO_SecurityResponder_1a2b3c4d5e6f7a8b/Alice@Example.com`,
      `arn:aws:sts::111122223333:assumed-role/${SSO}/alice@example.com`,
      'the same Identity Center user in another account and permission set',
    ],
    [
      'arn:aws-us-gov:iam::111122223333:root',
      'arn:aws-us-gov:iam::111122223333:root',
      'a root, in another partition',
    ],
  ])('finds %s and %s the same principal (%s)', (a, b) => {
    expect(samePrincipal(a, b)).toBe(true);
    expect(samePrincipal(b, a)).toBe(true);
  });

  it.each([
    ['arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::444455556666:user/alice', 'another account'],
    [
      'arn:aws:iam::111122223333:user/alice',
      'arn:aws:iam::111122223333:role/alice',
      'a role of the same name',
    ],
    [
      'arn:aws:sts::111122223333:assumed-role/deployer/a',
      'arn:aws:sts::111122223333:assumed-role/deployer/b',
      'two sessions',
    ],
    ['arn:aws:iam::111122223333:user/alice', 'arn:aws-cn:iam::111122223333:user/alice', 'another partition'],
    ['arn:aws:iam::111122223333:user/alice', 'not-an-arn', 'something that is no ARN'],
  ])('tells %s from %s (%s)', (a, b) => {
    expect(samePrincipal(a, b)).toBe(false);
  });

  it('resolves only what names a principal', () => {
    expect(principalIdentity('arn:aws:s3:::bucket')).toBeUndefined();
    expect(principalIdentity('alice@example.com')).toBeUndefined();
    expect(principalIdentity('arn:aws:iam::111122223333:user/')).toBeUndefined();
    expect(
      principalIdentity(`arn:aws:sts::111122223333:assumed-role/${SSO}/alice@example.com`),
    ).toMatchObject({
      kind: 'role',
      identityCenterUser: 'alice@example.com',
    });
  });
});
