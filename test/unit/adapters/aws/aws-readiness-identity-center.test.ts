import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import {
  DescribePermissionSetCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListInstancesCommand,
  ListPermissionSetsCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  identityCenterAccountsLive,
  identityCenterOutOfReachLive,
} from '../../../../src/adapters/aws/aws-readiness-identity-center.js';

const sso = mockClient(SSOAdminClient);
const organizations = mockClient(OrganizationsClient);
const INSTANCE = {
  InstanceArn: 'arn:aws:sso:::instance/ssoins-1111222233334444',
  IdentityStoreId: 'd-9067000000',
};
const said = { identityCenter: true, homeRegion: 'us-east-1' };

afterEach(() => {
  sso.reset();
  organizations.reset();
});

describe("live readiness of Rekey's reach to Identity Center", () => {
  it("names the management account when Rekey's own account holds no instance and no Identity Center role is set", async () => {
    sso.on(ListInstancesCommand).resolves({ Instances: [] });
    organizations
      .on(DescribeOrganizationCommand)
      .resolves({ Organization: { Id: 'o-a1b2c3d4e5', MasterAccountId: '111122223333' } });
    const unread: string[] = [];
    await expect(identityCenterOutOfReachLive(said, unread)).resolves.toBe('111122223333');
    expect(unread).toEqual([]);
  });

  it('says the management account or a delegated administrator when the organisation cannot be read', async () => {
    sso.on(ListInstancesCommand).resolves({ Instances: [] });
    organizations.on(DescribeOrganizationCommand).rejects(
      Object.assign(new Error('You are not authorized to perform this operation.'), {
        name: 'AccessDeniedException',
      }),
    );
    await expect(identityCenterOutOfReachLive(said, [])).resolves.toMatch(
      /management account \(or Identity Center's delegated administrator\)/,
    );
  });

  it("finds nothing out of reach when the instance is in Rekey's account, or the role is named, or Identity Center is not used", async () => {
    sso.on(ListInstancesCommand).resolves({ Instances: [INSTANCE] });
    await expect(identityCenterOutOfReachLive(said, [])).resolves.toBeUndefined();
    sso.reset();
    sso.on(ListInstancesCommand).resolves({ Instances: [] });
    const withRole = {
      ...said,
      identityCenterRoleArn: 'arn:aws:iam::111122223333:role/rekey-prod-identity-center',
    };
    await expect(identityCenterOutOfReachLive(withRole, [])).resolves.toBeUndefined();
    await expect(
      identityCenterOutOfReachLive({ ...said, identityCenter: false }, []),
    ).resolves.toBeUndefined();
    expect(sso.commandCalls(ListInstancesCommand)).toHaveLength(0);
  });

  it("looks in Identity Center's own region when the deployment names one", async () => {
    sso.on(ListInstancesCommand).resolves({ Instances: [INSTANCE] });
    await identityCenterOutOfReachLive({ ...said, identityCenterRegion: 'eu-west-1' }, []);
    expect(await sso.commandCalls(ListInstancesCommand)[0]?.thisValue.config.region()).toBe('eu-west-1');
  });

  it('lists what it could not read instead of guessing', async () => {
    sso.on(ListInstancesCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: sso:ListInstances'), {
        name: 'AccessDeniedException',
      }),
    );
    const unread: string[] = [];
    await expect(identityCenterOutOfReachLive(said, unread)).resolves.toBeUndefined();
    expect(unread).toEqual([
      expect.stringMatching(/^Identity Center \(sso:ListInstances\): .*not authorized/),
    ]);
  });
});

describe('live readiness of the accounts Identity Center provisions into', () => {
  const ADMIN = 'arn:aws:sso:::permissionSet/ssoins-1111222233334444/ps-0a1b2c3d4e5f6a7b';
  const READ = 'arn:aws:sso:::permissionSet/ssoins-1111222233334444/ps-1b2c3d4e5f6a7b8c';

  it("names every account other than Rekey's that a permission set reaches, with the sets, across pages", async () => {
    sso.on(ListInstancesCommand).resolves({ Instances: [INSTANCE] });
    sso
      .on(ListPermissionSetsCommand, { InstanceArn: INSTANCE.InstanceArn })
      .resolvesOnce({ PermissionSets: [ADMIN], NextToken: 'page-2' })
      .resolvesOnce({ PermissionSets: [READ] });
    sso
      .on(DescribePermissionSetCommand, { PermissionSetArn: ADMIN })
      .resolves({ PermissionSet: { Name: 'AdministratorAccess', PermissionSetArn: ADMIN } });
    sso
      .on(DescribePermissionSetCommand, { PermissionSetArn: READ })
      .resolves({ PermissionSet: { Name: 'ReadOnlyAccess', PermissionSetArn: READ } });
    sso
      .on(ListAccountsForProvisionedPermissionSetCommand, { PermissionSetArn: ADMIN })
      .resolves({ AccountIds: ['444455556666', '999900001111'] });
    sso
      .on(ListAccountsForProvisionedPermissionSetCommand, { PermissionSetArn: READ })
      .resolves({ AccountIds: ['444455556666', '555566667777'] });
    const unread: string[] = [];
    await expect(identityCenterAccountsLive(said, '999900001111', unread)).resolves.toEqual({
      '444455556666': ['AdministratorAccess', 'ReadOnlyAccess'],
      '555566667777': ['ReadOnlyAccess'],
    });
    expect(unread).toEqual([]);
  });

  it('reads nothing when Identity Center is reached through its role (elsewhere) or not used', async () => {
    const withRole = { ...said, identityCenterRoleArn: 'arn:aws:iam::111122223333:role/rekey-prod-ic' };
    await expect(identityCenterAccountsLive(withRole, '999900001111', [])).resolves.toBeUndefined();
    await expect(
      identityCenterAccountsLive({ ...said, identityCenter: false }, '999900001111', []),
    ).resolves.toBeUndefined();
    expect(sso.calls()).toHaveLength(0);
  });

  it('lists what it could not read instead of guessing', async () => {
    sso.on(ListInstancesCommand).resolves({ Instances: [INSTANCE] });
    sso.on(ListPermissionSetsCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: sso:ListPermissionSets'), {
        name: 'AccessDeniedException',
      }),
    );
    const unread: string[] = [];
    await expect(identityCenterAccountsLive(said, '999900001111', unread)).resolves.toBeUndefined();
    expect(unread).toEqual([expect.stringMatching(/^Identity Center's permission sets .*not authorized/)]);
  });
});
