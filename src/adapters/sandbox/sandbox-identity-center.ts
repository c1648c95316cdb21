import { AccessDeniedError, NotFoundError } from '../../domain/errors.js';
import { PolicyDocumentSchema } from '../../domain/policy-document.js';
import type { AssignedPrincipal, IdentityCenter, PermissionSetRef } from '../../ports/identity-center.js';
import type { IdentityCenterSeedSchema } from './account-seed.js';
import type { SandboxHost, TrailedCall } from './sandbox-model.js';
import type { SandboxOrganizations } from './sandbox-organizations.js';
import { accountById } from './sandbox-world.js';

/** What Identity Center needs of the account holding its instance (and of the accounts it provisions into). */
type Host = Pick<SandboxHost, 'id' | 'record' | 'roles'> & {
  organizations?: Pick<SandboxOrganizations, 'management'>;
  /** Records a call AWS refused, in the call log and CloudTrail. */
  refused?(operation: string, target: string, message: string, trail?: TrailedCall): void;
};

/** An Identity Center call as CloudTrail records it (sso.amazonaws.com, the identity store's own source). */
const sso = (requestParameters: Record<string, unknown>): TrailedCall => ({
  service: 'sso',
  requestParameters,
});
const store = (requestParameters: Record<string, unknown>): TrailedCall => ({
  service: 'identitystore',
  requestParameters,
});

type Center = import('zod').infer<typeof IdentityCenterSeedSchema>;

const same = (a: AssignedPrincipal) => (b: AssignedPrincipal) =>
  a.principalType === b.principalType && a.principalId === b.principalId;

/** A call about a permission set, as CloudTrail records its request. */
const aboutSet = (set: PermissionSetRef) =>
  sso({ instanceArn: set.instanceArn, permissionSetArn: set.permissionSetArn });

/** A permission set by ARN, or NotFoundError as Identity Center answers. */
function setOf(center: Center, arn: string) {
  const set = center.permissionSets.find((p) => p.arn === arn);
  if (!set) throw new NotFoundError(`permission set ${arn} does not exist`);
  return set;
}

/** A permission set's ARN, from its name or ARN as an assignment names it. */
const arnOf = (center: Center, name: string) =>
  center.permissionSets.find((p) => p.name === name)?.arn ?? name;

/**
 * The permission set, unless Rekey calls from a delegated administrator and the set is provisioned in the
 * management account: Identity Center refuses the change (AccessDeniedException), and the refusal is recorded.
 */
function changeable(center: Center, host: Host, arn: string, operation: string) {
  const set = setOf(center, arn);
  const management = host.organizations?.management;
  if (center.calledFrom === 'management-account' || !management) return set;
  if (
    center.assignments.some((a) => a.accountId === management && arnOf(center, a.permissionSet) === set.arn)
  ) {
    const message = `a delegated administrator may not change ${set.name}: it is provisioned in the management account ${management}`;
    host.refused?.(
      operation,
      set.name,
      message,
      sso({ instanceArn: center.instanceArn, permissionSetArn: set.arn }),
    );
    throw new AccessDeniedError(message);
  }
  return set;
}

/**
 * IAM Identity Center of a drill, as its APIs answer from the account whose instance it is (the management account
 * or a delegated administrator, whose call log records the calls): users, groups and their memberships, permission
 * sets and account assignments (in that account and others). Provisioning writes a set's inline policy onto its
 * reserved roles in every assigned account the drill simulates, as `AwsSSOInlinePolicy`. A delegated administrator
 * may not change a set provisioned in the management account (AWS's "Delegated administration").
 */
export function sandboxIdentityCenter(center: Center, host: Host): IdentityCenter {
  const ref = (set: Center['permissionSets'][number]): PermissionSetRef => ({
    instanceArn: center.instanceArn,
    permissionSetArn: set.arn,
    name: set.name,
  });
  const find = (arn: string) => setOf(center, arn);
  const onSet = (arn: string) => sso({ instanceArn: center.instanceArn, permissionSetArn: arn });
  return {
    findPermissionSet: async (name) => {
      host.record('ListPermissionSets', name, sso({ instanceArn: center.instanceArn }));
      const set = center.permissionSets.find((p) => p.name === name);
      return set && ref(set);
    },
    describePermissionSet: async (arn) => {
      host.record('DescribePermissionSet', arn, onSet(arn));
      return ref(find(arn));
    },
    findUserId: async (userName) => {
      host.record(
        'GetUserId',
        userName,
        store({ alternateIdentifier: { uniqueAttribute: { attributePath: 'userName' } } }),
      );
      return center.users.find((u) => u.userName === userName)?.userId;
    },
    groupIdsOf: async (userId) => {
      host.record('ListGroupMembershipsForMember', userId, store({ memberId: { userId } }));
      return center.groups.filter((g) => g.members.includes(userId)).map((g) => g.groupId);
    },
    permissionSetArnsAssignedTo: async (principal) => {
      const target = `${principal.principalType} ${principal.principalId}`;
      const trail = sso({ instanceArn: center.instanceArn, ...principal });
      if (center.calledFrom !== 'management-account') {
        const message =
          'ListAccountAssignmentsForPrincipal must be called from the management account of the organization instance';
        host.refused?.('ListAccountAssignmentsForPrincipal', target, message, trail);
        throw new AccessDeniedError(message);
      }
      host.record('ListAccountAssignmentsForPrincipal', target, trail);
      const sets = center.assignments.filter(same(principal)).map((a) => arnOf(center, a.permissionSet));
      return [...new Set(sets)];
    },
    permissionSetArns: async () => {
      host.record('ListPermissionSets', center.instanceArn, sso({ instanceArn: center.instanceArn }));
      return center.permissionSets.map((p) => p.arn);
    },
    // An assignment provisions its set to its account, as CreateAccountAssignment does.
    accountsProvisionedWith: async (arn) => {
      host.record('ListAccountsForProvisionedPermissionSet', arn, onSet(arn));
      const set = find(arn);
      const accounts = center.assignments
        .filter((a) => arnOf(center, a.permissionSet) === set.arn)
        .map((a) => a.accountId);
      return [...new Set(accounts)];
    },
    assignmentsIn: async (accountId, permissionSetArn) => {
      host.record(
        'ListAccountAssignments',
        `${accountId} ${permissionSetArn}`,
        sso({ instanceArn: center.instanceArn, accountId, permissionSetArn }),
      );
      return center.assignments
        .filter((a) => a.accountId === accountId && arnOf(center, a.permissionSet) === permissionSetArn)
        .map(({ principalType, principalId }) => ({ principalType, principalId }));
    },
    getInlinePolicy: async (set) => {
      host.record('GetInlinePolicyForPermissionSet', set.name, aboutSet(set));
      return find(set.permissionSetArn).inlinePolicy;
    },
    putInlinePolicy: async (set, document) => {
      const found = changeable(center, host, set.permissionSetArn, 'PutInlinePolicyToPermissionSet');
      host.record('PutInlinePolicyToPermissionSet', set.name, {
        ...aboutSet(set),
        requestParameters: { ...aboutSet(set).requestParameters, inlinePolicy: JSON.stringify(document) },
      });
      found.inlinePolicy = PolicyDocumentSchema.parse(document);
    },
    deleteInlinePolicy: async (set) => {
      const found = changeable(center, host, set.permissionSetArn, 'DeleteInlinePolicyFromPermissionSet');
      host.record('DeleteInlinePolicyFromPermissionSet', set.name, aboutSet(set));
      delete found.inlinePolicy;
    },
    provision: async (set) =>
      provisionPermissionSet(
        center,
        host,
        changeable(center, host, set.permissionSetArn, 'ProvisionPermissionSet').arn,
      ),
  };
}

/** A permission set's roles in an account: AWS names them `AWSReservedSSO_<set name>_<suffix>`. */
const reservedRoles = (account: Host, setName: string) =>
  [...account.roles.values()].filter((r) => r.name.startsWith(`AWSReservedSSO_${setName}_`));

/**
 * Provisions a permission set as Identity Center does: its inline policy written as `AwsSSOInlinePolicy` (or removed
 * when the set has none) onto its reserved roles in every account it is assigned in (those the drill simulates), and
 * onto the roles the instance's account names for it; each account's call log records the change Identity Center
 * made there (never throttled as Rekey's own IAM calls may be).
 */
export function provisionPermissionSet(center: Center, host: Host, permissionSetArn: string): void {
  const found = center.permissionSets.find((p) => p.arn === permissionSetArn);
  if (!found) throw new NotFoundError(`permission set ${permissionSetArn} does not exist`);
  const accounts = [
    ...new Set(
      center.assignments
        .filter((a) => a.permissionSet === found.name || a.permissionSet === found.arn)
        .map((a) => a.accountId),
    ),
  ];
  host.record('ProvisionPermissionSet', `${found.name} to ${accounts.join(', ') || 'no account'}`, {
    service: 'sso',
    requestParameters: {
      instanceArn: center.instanceArn,
      permissionSetArn,
      targetType: 'ALL_PROVISIONED_ACCOUNTS',
    },
  });
  const roles = new Map([
    ...found.roleNames.flatMap((name) => {
      const role = host.roles.get(name);
      return role ? [[role, host] as const] : [];
    }),
    ...accounts.flatMap((id) => {
      const account = accountById(host, id);
      return account ? reservedRoles(account, found.name).map((role) => [role, account] as const) : [];
    }),
  ]);
  for (const [role, account] of roles) {
    const target = `${role.name}/AwsSSOInlinePolicy`;
    if (found.inlinePolicy) {
      role.inlinePolicies.set('AwsSSOInlinePolicy', found.inlinePolicy);
      account.record('PutRolePolicy (by Identity Center)', target);
    } else if (role.inlinePolicies.delete('AwsSSOInlinePolicy'))
      account.record('DeleteRolePolicy (by Identity Center)', target);
  }
}
