import {
  GetUserIdCommand,
  IdentitystoreClient,
  ListGroupMembershipsForMemberCommand,
} from '@aws-sdk/client-identitystore';
import {
  DescribePermissionSetCommand,
  DescribePermissionSetProvisioningStatusCommand,
  ListAccountAssignmentsCommand,
  ListAccountAssignmentsForPrincipalCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListInstancesCommand,
  ListPermissionSetsCommand,
  ProvisionPermissionSetCommand,
  PutInlinePolicyToPermissionSetCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { SsoIdentityCenter, ssoIdentityCenterIn } from '../../../../src/adapters/aws/sso-identity-center.js';

describe('Identity Center through the IdentityCenter port', () => {
  it('finds the permission set by name, the user id by user name, writes the inline policy and provisions to every account', async () => {
    const sso = mockClient(SSOAdminClient);
    const store = mockClient(IdentitystoreClient);
    sso
      .on(ListInstancesCommand)
      .resolves({ Instances: [{ InstanceArn: 'arn:aws:sso:::instance/ssoins-1', IdentityStoreId: 'd-1' }] });
    sso.on(ListPermissionSetsCommand).resolves({ PermissionSets: ['arn:ps-read', 'arn:ps-power'] });
    sso
      .on(DescribePermissionSetCommand, { PermissionSetArn: 'arn:ps-read' })
      .resolves({ PermissionSet: { Name: 'ReadOnly' } });
    sso
      .on(DescribePermissionSetCommand, { PermissionSetArn: 'arn:ps-power' })
      .resolves({ PermissionSet: { Name: 'PowerUser' } });
    sso.on(PutInlinePolicyToPermissionSetCommand).resolves({});
    sso
      .on(ProvisionPermissionSetCommand)
      .resolves({ PermissionSetProvisioningStatus: { RequestId: 'req-1', Status: 'IN_PROGRESS' } });
    sso
      .on(DescribePermissionSetProvisioningStatusCommand)
      .resolvesOnce({ PermissionSetProvisioningStatus: { Status: 'IN_PROGRESS' } })
      .resolves({ PermissionSetProvisioningStatus: { Status: 'SUCCEEDED' } });
    store.on(GetUserIdCommand).resolves({ UserId: 'user-alice', IdentityStoreId: 'd-1' });

    const center = new SsoIdentityCenter({
      ssoAdmin: new SSOAdminClient({ region: 'us-east-1' }),
      identityStore: new IdentitystoreClient({ region: 'us-east-1' }),
      sleep: async () => undefined,
    });
    const set = await center.findPermissionSet('PowerUser');
    expect(set).toEqual({
      instanceArn: 'arn:aws:sso:::instance/ssoins-1',
      permissionSetArn: 'arn:ps-power',
      name: 'PowerUser',
    });
    await expect(center.findUserId('alice@example.com')).resolves.toBe('user-alice');
    expect(store.commandCalls(GetUserIdCommand)[0]?.args[0].input).toMatchObject({
      IdentityStoreId: 'd-1',
      AlternateIdentifier: {
        UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'alice@example.com' },
      },
    });
    if (!set) throw new Error('found');
    await center.putInlinePolicy(set, {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }],
    });
    await center.provision(set);
    expect(sso.commandCalls(ProvisionPermissionSetCommand)[0]?.args[0].input).toMatchObject({
      TargetType: 'ALL_PROVISIONED_ACCOUNTS',
    });
    expect(sso.commandCalls(DescribePermissionSetProvisioningStatusCommand)).toHaveLength(2);
  });

  it("lists a user's groups and assignments page by page, and reports AWS's refusal outside the management account as AccessDenied", async () => {
    const sso = mockClient(SSOAdminClient);
    const store = mockClient(IdentitystoreClient);
    sso
      .on(ListInstancesCommand)
      .resolves({ Instances: [{ InstanceArn: 'arn:aws:sso:::instance/ssoins-1', IdentityStoreId: 'd-1' }] });
    store
      .on(ListGroupMembershipsForMemberCommand)
      .resolvesOnce({ GroupMemberships: [{ GroupId: 'group-a', IdentityStoreId: 'd-1' }], NextToken: 'n' })
      .resolves({ GroupMemberships: [{ GroupId: 'group-b', IdentityStoreId: 'd-1' }] });
    sso
      .on(ListAccountAssignmentsForPrincipalCommand)
      .resolvesOnce({
        AccountAssignments: [{ AccountId: '111122223333', PermissionSetArn: 'arn:ps-power' }],
        NextToken: 'n',
      })
      .resolves({
        AccountAssignments: [
          { AccountId: '444455556666', PermissionSetArn: 'arn:ps-power' },
          { AccountId: '444455556666', PermissionSetArn: 'arn:ps-billing' },
        ],
      });
    sso
      .on(ListPermissionSetsCommand)
      .resolvesOnce({ PermissionSets: ['arn:ps-power'], NextToken: 'n' })
      .resolves({ PermissionSets: ['arn:ps-billing'] });
    sso
      .on(ListAccountsForProvisionedPermissionSetCommand)
      .resolvesOnce({ AccountIds: ['111122223333'], NextToken: 'n' })
      .resolves({ AccountIds: ['444455556666'] });
    sso
      .on(ListAccountAssignmentsCommand)
      .resolvesOnce({
        AccountAssignments: [
          { PrincipalType: 'USER', PrincipalId: 'user-bob', PermissionSetArn: 'arn:ps-power' },
        ],
        NextToken: 'n',
      })
      .resolves({
        AccountAssignments: [
          { PrincipalType: 'GROUP', PrincipalId: 'group-a', PermissionSetArn: 'arn:ps-power' },
        ],
      });
    const center = new SsoIdentityCenter({
      ssoAdmin: new SSOAdminClient({ region: 'us-east-1' }),
      identityStore: new IdentitystoreClient({ region: 'us-east-1' }),
    });

    await expect(center.groupIdsOf('user-alice')).resolves.toEqual(['group-a', 'group-b']);
    expect(store.commandCalls(ListGroupMembershipsForMemberCommand)[0]?.args[0].input).toMatchObject({
      IdentityStoreId: 'd-1',
      MemberId: { UserId: 'user-alice' },
    });
    await expect(
      center.permissionSetArnsAssignedTo({ principalType: 'USER', principalId: 'user-alice' }),
    ).resolves.toEqual(['arn:ps-power', 'arn:ps-billing']);
    expect(sso.commandCalls(ListAccountAssignmentsForPrincipalCommand)[0]?.args[0].input).toMatchObject({
      InstanceArn: 'arn:aws:sso:::instance/ssoins-1',
      PrincipalId: 'user-alice',
      PrincipalType: 'USER',
    });
    await expect(center.permissionSetArns()).resolves.toEqual(['arn:ps-power', 'arn:ps-billing']);
    await expect(center.accountsProvisionedWith('arn:ps-power')).resolves.toEqual([
      '111122223333',
      '444455556666',
    ]);
    // Every set's provisioned accounts, without a ProvisioningStatus filter (an account not yet given the latest
    // version still holds the set's role).
    const provisioned = sso.commandCalls(ListAccountsForProvisionedPermissionSetCommand);
    expect(provisioned).toHaveLength(2);
    for (const call of provisioned) {
      expect(call.args[0].input).toMatchObject({
        InstanceArn: 'arn:aws:sso:::instance/ssoins-1',
        PermissionSetArn: 'arn:ps-power',
      });
      expect(call.args[0].input.ProvisioningStatus).toBeUndefined();
    }
    await expect(center.assignmentsIn('111122223333', 'arn:ps-power')).resolves.toEqual([
      { principalType: 'USER', principalId: 'user-bob' },
      { principalType: 'GROUP', principalId: 'group-a' },
    ]);

    sso.on(ListAccountAssignmentsForPrincipalCommand).rejects(
      Object.assign(new Error('must be called from the management account'), {
        name: 'AccessDeniedException',
      }),
    );
    await expect(
      center.permissionSetArnsAssignedTo({ principalType: 'GROUP', principalId: 'group-a' }),
    ).rejects.toMatchObject({ name: 'AccessDeniedError' });
  });

  it('refuses, naming the missing Identity Center role, when the account it calls holds no instance', async () => {
    const sso = mockClient(SSOAdminClient);
    const store = mockClient(IdentitystoreClient);
    // ListInstances in an account without the organisation's instance: an empty list, as AWS answers.
    sso.on(ListInstancesCommand).resolves({ Instances: [] });
    const calling = (throughRole: boolean) =>
      new SsoIdentityCenter({
        ssoAdmin: new SSOAdminClient({ region: 'us-east-1' }),
        identityStore: new IdentitystoreClient({ region: 'us-east-1' }),
        throughRole,
      });

    await expect(calling(false).findUserId('alice@example.com')).rejects.toMatchObject({
      name: 'NotContainableError',
      message: expect.stringMatching(
        /no instance in Rekey's own account, and no identityCenterRoleArn is set\. Deploy resources\/identity-center-role\.cfn\.yml/,
      ),
    });
    await expect(calling(true).findPermissionSet('PowerUser')).rejects.toMatchObject({
      name: 'NotContainableError',
      message: expect.stringMatching(/the account of the identityCenterRoleArn role holds no instance/),
    });
    expect(store.commandCalls(GetUserIdCommand)).toHaveLength(0);
  });

  it('refuses to guess between an account instance and the organisation instance ListInstances lists together', async () => {
    const sso = mockClient(SSOAdminClient);
    sso.on(ListInstancesCommand).resolves({
      Instances: [
        { InstanceArn: 'arn:aws:sso:::instance/ssoins-1111111111111111', IdentityStoreId: 'd-1111111111' },
        { InstanceArn: 'arn:aws:sso:::instance/ssoins-2222222222222222', IdentityStoreId: 'd-2222222222' },
      ],
    });
    const center = new SsoIdentityCenter({
      ssoAdmin: new SSOAdminClient({ region: 'us-east-1' }),
      identityStore: new IdentitystoreClient({ region: 'us-east-1' }),
    });
    await expect(center.findUserId('alice@example.com')).rejects.toMatchObject({
      name: 'NotContainableError',
      message: expect.stringMatching(
        /lists 2 Identity Center instances \(arn:aws:sso:::instance\/ssoins-1111111111111111, /,
      ),
    });
  });

  it("calls as the Identity Center role when given its credentials, and as the function's own otherwise", async () => {
    const sso = mockClient(SSOAdminClient);
    sso.on(ListInstancesCommand).resolves({ Instances: [] });
    const role = {
      accessKeyId: 'ASIAIDENTITYCENTER01',
      secretAccessKey: 'example-secret',
      sessionToken: 'example-token',
      expiration: new Date('2026-11-28T11:00:00Z'),
    };
    await expect(ssoIdentityCenterIn('eu-west-1', async () => role).permissionSetArns()).rejects.toThrow(
      /the account of the identityCenterRoleArn role holds no instance/,
    );
    const client = sso.commandCalls(ListInstancesCommand)[0]?.thisValue as SSOAdminClient;
    await expect(client.config.credentials()).resolves.toEqual(role);
    await expect(client.config.region()).resolves.toBe('eu-west-1');
    await expect(ssoIdentityCenterIn('eu-west-1').permissionSetArns()).rejects.toThrow(
      /lists no instance in Rekey's own account/,
    );
  });
});
