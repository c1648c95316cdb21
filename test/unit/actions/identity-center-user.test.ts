import { IdentitystoreClient, ListGroupMembershipsForMemberCommand } from '@aws-sdk/client-identitystore';
import {
  DescribePermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListAccountAssignmentsForPrincipalCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListInstancesCommand,
  ListPermissionSetsCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ASSIGNMENT_SEARCH_CALLS, userPermissionSets } from '../../../src/actions/identity-center-user.js';
import { SsoIdentityCenter } from '../../../src/adapters/aws/sso-identity-center.js';

const INSTANCE = 'arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6';
const ps = (id: string) => `arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-${id}`;
const POWER = ps('5e6f7a8b9c0d1e2f');
const DATA = ps('6f7a8b9c0d1e2f3a');
const AUDIT = ps('7a8b9c0d1e2f3a4b');
const NAMES: Record<string, string> = { [POWER]: 'PowerUser', [DATA]: 'DataReader', [AUDIT]: 'Audit' };
const refusal = (message: string) => Object.assign(new Error(message), { name: 'AccessDeniedException' });

const sso = mockClient(SSOAdminClient);
const store = mockClient(IdentitystoreClient);

/** Identity Center seen from a delegated administrator: dana's group is `group-analysts`. */
function delegatedAdministrator() {
  sso.reset();
  store.reset();
  sso
    .on(ListInstancesCommand)
    .resolves({ Instances: [{ InstanceArn: INSTANCE, IdentityStoreId: 'd-9067a1b2c3' }] });
  store
    .on(ListGroupMembershipsForMemberCommand)
    .resolves({ GroupMemberships: [{ GroupId: 'group-analysts', IdentityStoreId: 'd-9067a1b2c3' }] });
  sso
    .on(ListAccountAssignmentsForPrincipalCommand)
    .rejects(
      refusal(
        'This action must be called from the management account containing your organization instance of IAM Identity Center',
      ),
    );
  for (const [arn, Name] of Object.entries(NAMES))
    sso.on(DescribePermissionSetCommand, { PermissionSetArn: arn }).resolves({ PermissionSet: { Name } });
}

const center = () =>
  new SsoIdentityCenter({
    ssoAdmin: new SSOAdminClient({ region: 'us-east-1' }),
    identityStore: new IdentitystoreClient({ region: 'us-east-1' }),
  });

/** Who is assigned a set in an account, as ListAccountAssignments answers (one page). */
const assigned = (accountId: string, arn: string, ...principals: Array<[string, string]>) =>
  sso.on(ListAccountAssignmentsCommand, { AccountId: accountId, PermissionSetArn: arn }).resolves({
    AccountAssignments: principals.map(([PrincipalType, PrincipalId]) => ({
      AccountId: accountId,
      PermissionSetArn: arn,
      PrincipalType: PrincipalType as 'USER' | 'GROUP',
      PrincipalId,
    })),
  });

const searched = () =>
  sso
    .commandCalls(ListAccountAssignmentsCommand)
    .map((c) => `${c.args[0].input.PermissionSetArn?.slice(-4)} in ${c.args[0].input.AccountId}`);

beforeEach(delegatedAdministrator);

describe("a user's permission sets, from a delegated administrator", () => {
  it('reads every set, the accounts it is provisioned to and who is assigned it there, page by page', async () => {
    sso
      .on(ListPermissionSetsCommand)
      .resolvesOnce({ PermissionSets: [POWER, DATA], NextToken: 'sets-2' })
      .resolves({ PermissionSets: [AUDIT] });
    sso
      .on(ListAccountsForProvisionedPermissionSetCommand, { PermissionSetArn: POWER })
      .resolvesOnce({ AccountIds: ['111100001111'], NextToken: 'accounts-2' })
      .resolves({ AccountIds: ['444455556666'] });
    sso
      .on(ListAccountsForProvisionedPermissionSetCommand, { PermissionSetArn: DATA })
      .resolves({ AccountIds: ['555566667777', '666677778888'] });
    sso
      .on(ListAccountsForProvisionedPermissionSetCommand, { PermissionSetArn: AUDIT })
      .resolves({ AccountIds: ['444455556666'] });
    assigned('111100001111', POWER, ['USER', 'user-omar']);
    sso
      .on(ListAccountAssignmentsCommand, { AccountId: '444455556666', PermissionSetArn: POWER })
      .resolvesOnce({
        AccountAssignments: [{ PrincipalType: 'USER', PrincipalId: 'user-omar' }],
        NextToken: 'assignments-2',
      })
      .resolves({ AccountAssignments: [{ PrincipalType: 'USER', PrincipalId: 'user-dana' }] });
    assigned('555566667777', DATA, ['GROUP', 'group-analysts']);
    assigned('444455556666', AUDIT, ['USER', 'user-omar'], ['GROUP', 'group-auditors']);

    const found = await userPermissionSets(center(), 'user-dana', undefined);

    expect(found).toEqual({
      sets: [
        { instanceArn: INSTANCE, permissionSetArn: DATA, name: 'DataReader' },
        { instanceArn: INSTANCE, permissionSetArn: POWER, name: 'PowerUser' },
      ],
    });
    expect(sso.commandCalls(ListPermissionSetsCommand)).toHaveLength(2);
    expect(sso.commandCalls(ListAccountsForProvisionedPermissionSetCommand)).toHaveLength(4);
    // DataReader is held in the data account: its other account is not read (the deny covers the set everywhere).
    expect(searched()).toEqual([
      '1e2f in 111100001111',
      '1e2f in 444455556666',
      '1e2f in 444455556666',
      '2f3a in 555566667777',
      '3a4b in 444455556666',
    ]);
  });

  it('stops at its bound and says how far it got, the session set still among the sets', async () => {
    const accounts = Array.from({ length: ASSIGNMENT_SEARCH_CALLS }, (_, i) => String(100000000000 + i));
    sso.on(ListPermissionSetsCommand).resolves({ PermissionSets: [AUDIT, DATA] });
    sso
      .on(ListAccountsForProvisionedPermissionSetCommand, { PermissionSetArn: AUDIT })
      .resolves({ AccountIds: accounts });
    sso.on(ListAccountAssignmentsCommand).resolves({
      AccountAssignments: [{ PrincipalType: 'USER', PrincipalId: 'user-omar' }],
    });
    const session = { instanceArn: INSTANCE, permissionSetArn: POWER, name: 'PowerUser' };

    const found = await userPermissionSets(center(), 'user-dana', session);

    expect(found).toEqual({
      sets: [session],
      gap: `the search stopped at its bound of ${ASSIGNMENT_SEARCH_CALLS} listing calls, having searched 0 of 2 permission sets in full`,
    });
    expect(sso.commandCalls(ListAccountsForProvisionedPermissionSetCommand).length + searched().length).toBe(
      ASSIGNMENT_SEARCH_CALLS,
    );
  });

  it("names what Identity Center refused to list, and still finds the user's sets elsewhere", async () => {
    sso.on(ListPermissionSetsCommand).resolves({ PermissionSets: [POWER, DATA] });
    sso
      .on(ListAccountsForProvisionedPermissionSetCommand, { PermissionSetArn: POWER })
      .resolves({ AccountIds: ['111100001111'] });
    sso
      .on(ListAccountsForProvisionedPermissionSetCommand, { PermissionSetArn: DATA })
      .resolves({ AccountIds: ['555566667777'] });
    sso
      .on(ListAccountAssignmentsCommand, { AccountId: '111100001111' })
      .rejects(refusal('User is not authorized to perform: sso:ListAccountAssignments'));
    assigned('555566667777', DATA, ['GROUP', 'group-analysts']);

    const found = await userPermissionSets(center(), 'user-dana', undefined);

    expect(found).toEqual({
      sets: [{ instanceArn: INSTANCE, permissionSetArn: DATA, name: 'DataReader' }],
      gap: `Identity Center refused to list the assignments of ${POWER} in 111100001111 (AccessDenied)`,
    });
  });

  it('lists nothing account by account from the management account, which AWS serves the principal listing', async () => {
    sso.on(ListAccountAssignmentsForPrincipalCommand, { PrincipalType: 'USER' }).resolves({
      AccountAssignments: [{ AccountId: '444455556666', PermissionSetArn: POWER }],
    });
    sso.on(ListAccountAssignmentsForPrincipalCommand, { PrincipalType: 'GROUP' }).resolves({
      AccountAssignments: [{ AccountId: '555566667777', PermissionSetArn: DATA }],
    });

    const found = await userPermissionSets(center(), 'user-dana', undefined);

    expect(found.sets.map((s) => s.name)).toEqual(['DataReader', 'PowerUser']);
    expect(found.gap).toBeUndefined();
    expect(sso.commandCalls(ListPermissionSetsCommand)).toEqual([]);
    expect(sso.commandCalls(ListAccountAssignmentsCommand)).toEqual([]);
  });
});
