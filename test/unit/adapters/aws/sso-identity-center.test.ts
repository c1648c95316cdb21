import { GetUserIdCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import {
  DescribePermissionSetCommand,
  DescribePermissionSetProvisioningStatusCommand,
  ListInstancesCommand,
  ListPermissionSetsCommand,
  ProvisionPermissionSetCommand,
  PutInlinePolicyToPermissionSetCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { SsoIdentityCenter } from '../../../../src/adapters/aws/sso-identity-center.js';

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
});
