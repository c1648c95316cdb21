import {
  DeletePolicyCommand,
  GetAccessKeyLastUsedCommand,
  GetRoleCommand,
  GetUserPolicyCommand,
  IAMClient,
  LimitExceededException,
  ListAccessKeysCommand,
  ListUsersCommand,
  NoSuchEntityException,
  PutUserPolicyCommand,
  SimulatePrincipalPolicyCommand,
  UpdateAccessKeyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { IamIdentity } from '../../../../src/adapters/aws/iam-identity.js';
import { revokeSessionsPolicy } from '../../../../src/domain/deny-policy.js';
import {
  ConflictError,
  NotFoundError,
  PolicyQuotaExceededError,
  ThrottlingError,
} from '../../../../src/domain/errors.js';

const iam = mockClient(IAMClient);
const identity = () => new IamIdentity({ client: new IAMClient({ region: 'us-east-1' }) });

beforeEach(() => iam.reset());

describe('IAM through the Identity port', () => {
  it('resolves the owner of a key with GetAccessKeyLastUsed, dropping the N/A placeholders', async () => {
    iam.on(GetAccessKeyLastUsedCommand, { AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' }).resolves({
      UserName: 'alice',
      AccessKeyLastUsed: {
        LastUsedDate: new Date('2026-11-28T08:58:41Z'),
        ServiceName: 's3',
        Region: 'us-east-1',
      },
    });
    iam.on(GetAccessKeyLastUsedCommand, { AccessKeyId: 'AKIAI44QH8DHBEXAMPLE' }).resolves({
      UserName: 'alice',
      AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' },
    });
    await expect(identity().accessKeyLastUsed('AKIAIOSFODNN7EXAMPLE')).resolves.toEqual({
      userName: 'alice',
      lastUsedDate: '2026-11-28T08:58:41.000Z',
      serviceName: 's3',
      region: 'us-east-1',
    });
    await expect(identity().accessKeyLastUsed('AKIAI44QH8DHBEXAMPLE')).resolves.toEqual({
      userName: 'alice',
    });
  });

  it('answers undefined for a key of another account (IAM says AccessDenied)', async () => {
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDenied' });
    iam.on(GetAccessKeyLastUsedCommand).rejects(denied);
    await expect(identity().accessKeyLastUsed('AKIAZZZZZZZZZZZZZZZZ')).resolves.toBeUndefined();
  });

  it('passes on, in IAM’s words, a refusal an SCP makes: it is no key of another account', async () => {
    const denied = Object.assign(
      new Error(
        'User: arn:aws:sts::111122223333:assumed-role/rekey-member-reader/rekey is not authorized to perform: iam:GetAccessKeyLastUsed on resource: user alice with an explicit deny in a service control policy',
      ),
      { name: 'AccessDenied' },
    );
    iam.on(GetAccessKeyLastUsedCommand).rejects(denied);
    await expect(identity().accessKeyLastUsed('AKIAIOSFODNN7EXAMPLE')).rejects.toThrow(
      /service control policy/,
    );
  });

  it('lists keys across pages', async () => {
    iam
      .on(ListAccessKeysCommand)
      .resolvesOnce({
        AccessKeyMetadata: [
          { AccessKeyId: 'AKIA1', UserName: 'alice', Status: 'Active', CreateDate: new Date(0) },
        ],
        IsTruncated: true,
        Marker: 'm',
      })
      .resolvesOnce({
        AccessKeyMetadata: [
          { AccessKeyId: 'AKIA2', UserName: 'alice', Status: 'Inactive', CreateDate: new Date(0) },
        ],
      });
    const keys = await identity().listAccessKeys('alice');
    expect(keys.map((k) => `${k.accessKeyId}:${k.status}`)).toEqual(['AKIA1:Active', 'AKIA2:Inactive']);
  });

  it("lists every user's name across pages (the key inventory)", async () => {
    iam
      .on(ListUsersCommand)
      .resolvesOnce({
        Users: [
          {
            UserName: 'alice',
            UserId: 'AIDA1',
            Arn: 'arn:aws:iam::111122223333:user/alice',
            Path: '/',
            CreateDate: new Date(0),
          },
        ],
        IsTruncated: true,
        Marker: 'm',
      })
      .resolvesOnce({
        Users: [
          {
            UserName: 'bob',
            UserId: 'AIDA2',
            Arn: 'arn:aws:iam::111122223333:user/ci/bob',
            Path: '/ci/',
            CreateDate: new Date(0),
          },
        ],
      });
    expect(await identity().listUserNames()).toEqual(['alice', 'bob']);
    expect(iam.commandCalls(ListUsersCommand)).toHaveLength(2);
  });

  it('decodes the URL-encoded policy document IAM returns', async () => {
    const document = revokeSessionsPolicy(new Date('2026-11-28T09:04:00Z'));
    iam.on(GetUserPolicyCommand).resolves({
      UserName: 'alice',
      PolicyName: 'p',
      PolicyDocument: encodeURIComponent(JSON.stringify(document)),
    });
    await expect(identity().getInlinePolicy({ kind: 'user', name: 'alice' }, 'p')).resolves.toEqual(document);
  });

  it('sends the policy as JSON and maps IAM errors to named errors', async () => {
    iam
      .on(PutUserPolicyCommand)
      .rejectsOnce(
        new LimitExceededException({ message: 'Maximum policy size of 2048 bytes exceeded', $metadata: {} }),
      );
    await expect(
      identity().putInlinePolicy({ kind: 'user', name: 'alice' }, 'p', revokeSessionsPolicy(new Date())),
    ).rejects.toBeInstanceOf(PolicyQuotaExceededError);
    iam
      .on(UpdateAccessKeyCommand)
      .rejectsOnce(new NoSuchEntityException({ message: 'no such key', $metadata: {} }));
    await expect(identity().updateAccessKeyStatus('alice', 'AKIA1', 'Inactive')).rejects.toBeInstanceOf(
      NotFoundError,
    );
    // The SDK itself retries throttling; only a persistent throttle reaches the port.
    iam.on(UpdateAccessKeyCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));
    await expect(identity().updateAccessKeyStatus('alice', 'AKIA1', 'Inactive')).rejects.toBeInstanceOf(
      ThrottlingError,
    );
  });

  it('maps DeleteConflict to ConflictError, as AWS answers DeletePolicy for an attached policy', async () => {
    iam
      .on(DeletePolicyCommand)
      .rejects(
        Object.assign(new Error('Cannot delete a policy attached to entities.'), { name: 'DeleteConflict' }),
      );
    await expect(
      identity().deleteManagedPolicy('arn:aws:iam::111122223333:policy/rekey/p'),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it("reads a role's URL-encoded trust policy (no Resource) and replaces it whole", async () => {
    const trust = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 'sts:AssumeRole' },
      ],
    };
    iam.on(GetRoleCommand, { RoleName: 'deployer' }).resolves({
      Role: {
        RoleName: 'deployer',
        Arn: 'arn:aws:iam::111122223333:role/deployer',
        RoleId: 'AROAEXAMPLE',
        Path: '/',
        CreateDate: new Date(),
        AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)),
      },
    });
    iam
      .on(GetRoleCommand, { RoleName: 'gone' })
      .rejects(
        new NoSuchEntityException({ message: 'The role with name gone cannot be found.', $metadata: {} }),
      );
    await expect(identity().getRoleTrustPolicy('deployer')).resolves.toEqual(trust);
    await expect(identity().getRoleTrustPolicy('gone')).resolves.toBeUndefined();
    iam.on(UpdateAssumeRolePolicyCommand).resolves({});
    await identity().updateRoleTrustPolicy('deployer', trust as never);
    expect(iam.commandCalls(UpdateAssumeRolePolicyCommand)[0]?.args[0].input).toEqual({
      RoleName: 'deployer',
      PolicyDocument: JSON.stringify(trust),
    });
  });

  it('never deletes a key: deactivation is UpdateAccessKey with Status Inactive', async () => {
    iam.on(UpdateAccessKeyCommand).resolves({});
    await identity().updateAccessKeyStatus('alice', 'AKIAIOSFODNN7EXAMPLE', 'Inactive');
    expect(iam.commandCalls(UpdateAccessKeyCommand)[0]?.args[0].input).toEqual({
      UserName: 'alice',
      AccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      Status: 'Inactive',
    });
  });

  it("simulates a reader's own policies in the read's context, fifty secrets a request, each decision as IAM gives it", async () => {
    const arns = Array.from(
      { length: 51 },
      (_, i) => `arn:aws:secretsmanager:us-east-1:111122223333:secret:s${i}-AbCdEf`,
    );
    iam.on(SimulatePrincipalPolicyCommand).callsFake((input: { ResourceArns: string[] }) => ({
      EvaluationResults: input.ResourceArns.map((arn, i) => ({
        EvalActionName: 'secretsmanager:GetSecretValue',
        EvalResourceName: arn,
        EvalDecision: i === 0 ? 'allowed' : 'implicitDeny',
        ...(i === 1 ? { MissingContextValues: ['aws:SourceVpce'] } : {}),
        // The account's SCPs refuse the third: IAM says so in OrganizationsDecisionDetail.
        ...(i === 2 ? { OrganizationsDecisionDetail: { AllowedByOrganizations: false } } : {}),
        ...(i === 0 ? { OrganizationsDecisionDetail: { AllowedByOrganizations: true } } : {}),
      })),
    }));
    const decisions = await identity().simulatePrincipalPolicy(
      'arn:aws:iam::111122223333:role/analytics-role',
      ['secretsmanager:GetSecretValue'],
      arns,
      {
        'aws:SourceIp': '198.51.100.61',
        'aws:CurrentTime': '2026-11-28T09:26:03Z',
        'aws:PrincipalAccount': '111122223333',
      },
    );
    const calls = iam.commandCalls(SimulatePrincipalPolicyCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.ResourceArns?.length)).toEqual([50, 1]);
    expect(calls[0]).toMatchObject({
      PolicySourceArn: 'arn:aws:iam::111122223333:role/analytics-role',
      ActionNames: ['secretsmanager:GetSecretValue'],
      ContextEntries: [
        { ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['198.51.100.61'], ContextKeyType: 'ip' },
        {
          ContextKeyName: 'aws:CurrentTime',
          ContextKeyValues: ['2026-11-28T09:26:03Z'],
          ContextKeyType: 'date',
        },
        {
          ContextKeyName: 'aws:PrincipalAccount',
          ContextKeyValues: ['111122223333'],
          ContextKeyType: 'string',
        },
      ],
    });
    expect(decisions).toHaveLength(51);
    expect(decisions.slice(0, 3)).toEqual([
      {
        action: 'secretsmanager:GetSecretValue',
        resourceArn: arns[0],
        decision: 'allowed',
        missingContextKeys: [],
      },
      {
        action: 'secretsmanager:GetSecretValue',
        resourceArn: arns[1],
        decision: 'implicitDeny',
        missingContextKeys: ['aws:SourceVpce'],
      },
      {
        action: 'secretsmanager:GetSecretValue',
        resourceArn: arns[2],
        decision: 'implicitDeny',
        missingContextKeys: [],
        allowedByOrganizations: false,
      },
    ]);
  });
});
