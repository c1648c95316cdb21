import { describe, expect, it } from 'vitest';
import { auditEventOf } from '../../../src/domain/cloudtrail-record.js';

const ACCOUNT = '111122223333';
const alice = {
  type: 'IAMUser',
  principalId: 'AIDACKCEVSQ6C2EXAMPLE',
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  accountId: ACCOUNT,
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  userName: 'alice',
};
const record = (eventName: string, eventSource: string, extra: Record<string, unknown>) => ({
  eventVersion: '1.08',
  userIdentity: alice,
  eventTime: '2026-11-28T09:00:00Z',
  eventSource,
  eventName,
  awsRegion: 'eu-west-1',
  sourceIPAddress: '198.51.100.7',
  eventID: `${eventName}-1`,
  eventType: 'AwsApiCall',
  recipientAccountId: ACCOUNT,
  ...extra,
});

describe('a CloudTrail record, as AWS writes it, reduced for an investigation', () => {
  it('GetSessionToken: the long-term key called, the session key is in the response (its token never kept)', () => {
    const event = auditEventOf(
      record('GetSessionToken', 'sts.amazonaws.com', {
        requestParameters: { durationSeconds: 129600 },
        responseElements: {
          credentials: {
            accessKeyId: 'ASIAQNZGKIQY56JQ7WML',
            sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN',
            expiration: 'Nov 29, 2026, 9:00:00 PM',
          },
        },
      }),
      'us-east-1',
    );
    expect(event).toMatchObject({
      eventName: 'GetSessionToken',
      region: 'eu-west-1',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      principalType: 'IAMUser',
      principalArn: alice.arn,
      issuedAccessKeyId: 'ASIAQNZGKIQY56JQ7WML',
    });
    expect(JSON.stringify(event)).not.toContain('IQoJb3JpZ2lu');
  });

  it('GetFederationToken: the federated user named in the response; its calls name the IAM user as session issuer', () => {
    const minted = auditEventOf(
      record('GetFederationToken', 'sts.amazonaws.com', {
        requestParameters: { name: 'contractor-bob', policy: '{"Version":"2012-10-17","Statement":[]}' },
        responseElements: {
          credentials: { accessKeyId: 'ASIAFEDUSER000000001', sessionToken: 'x', expiration: 'x' },
          federatedUser: {
            federatedUserId: `${ACCOUNT}:contractor-bob`,
            arn: `arn:aws:sts::${ACCOUNT}:federated-user/contractor-bob`,
          },
        },
      }),
      'us-east-1',
    );
    expect(minted).toMatchObject({
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      issuedAccessKeyId: 'ASIAFEDUSER000000001',
      federatedUserArn: `arn:aws:sts::${ACCOUNT}:federated-user/contractor-bob`,
    });
    const used = auditEventOf(
      record('ListBuckets', 's3.amazonaws.com', {
        userIdentity: {
          type: 'FederatedUser',
          principalId: `${ACCOUNT}:contractor-bob`,
          arn: `arn:aws:sts::${ACCOUNT}:federated-user/contractor-bob`,
          accountId: ACCOUNT,
          accessKeyId: 'ASIAFEDUSER000000001',
          sessionContext: {
            sessionIssuer: {
              type: 'IAMUser',
              principalId: alice.principalId,
              arn: alice.arn,
              accountId: ACCOUNT,
              userName: 'alice',
            },
            attributes: { creationDate: '2026-11-28T08:00:00Z', mfaAuthenticated: 'false' },
          },
        },
      }),
      'us-east-1',
    );
    expect(used).toMatchObject({ principalType: 'FederatedUser', sessionIssuerArn: alice.arn });
  });

  it("CreateAccessKey: the key made, and for whom (the response's user when the request names none)", () => {
    const event = auditEventOf(
      record('CreateAccessKey', 'iam.amazonaws.com', {
        requestParameters: { userName: 'bob' },
        responseElements: {
          accessKey: {
            userName: 'bob',
            accessKeyId: 'AKIABACKDOOR00000001',
            status: 'Active',
            createDate: 'Nov 28, 2026, 9:00:00 AM',
          },
        },
      }),
      'us-east-1',
    );
    expect(event).toMatchObject({ createdAccessKeyId: 'AKIABACKDOOR00000001', targetUser: 'bob' });
  });

  it('UpdateAssumeRolePolicy and CreateRole: the role and the trust policy set (IAM records it as text)', () => {
    const trust =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole"}]}';
    expect(
      auditEventOf(
        record('UpdateAssumeRolePolicy', 'iam.amazonaws.com', {
          requestParameters: { roleName: 'payments-deploy', policyDocument: trust },
          responseElements: null,
        }),
        'us-east-1',
      ),
    ).toMatchObject({ targetRole: 'payments-deploy', trustPolicy: trust });
    expect(
      auditEventOf(
        record('CreateRole', 'iam.amazonaws.com', {
          requestParameters: { roleName: 'backdoor', assumeRolePolicyDocument: trust },
          responseElements: { role: { roleName: 'backdoor', arn: `arn:aws:iam::${ACCOUNT}:role/backdoor` } },
        }),
        'us-east-1',
      ),
    ).toMatchObject({ createdRole: 'backdoor', targetRole: 'backdoor', trustPolicy: trust });
  });

  it('AttachRolePolicy: the policy attached, and to which role', () => {
    expect(
      auditEventOf(
        record('AttachRolePolicy', 'iam.amazonaws.com', {
          requestParameters: {
            roleName: 'backdoor',
            policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
          },
          responseElements: null,
        }),
        'us-east-1',
      ),
    ).toMatchObject({
      targetRole: 'backdoor',
      attachedPolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    });
  });
});
