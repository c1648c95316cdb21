import {
  GetUserIdCommand,
  IdentitystoreClient,
  paginateListGroupMembershipsForMember,
} from '@aws-sdk/client-identitystore';
import {
  DeleteInlinePolicyFromPermissionSetCommand,
  DescribePermissionSetCommand,
  DescribePermissionSetProvisioningStatusCommand,
  GetInlinePolicyForPermissionSetCommand,
  ListInstancesCommand,
  ProvisionPermissionSetCommand,
  PutInlinePolicyToPermissionSetCommand,
  paginateListAccountAssignments,
  paginateListAccountAssignmentsForPrincipal,
  paginateListAccountsForProvisionedPermissionSet,
  paginateListPermissionSets,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { NotContainableError, NotFoundError, RekeyError } from '../../domain/errors.js';
import { identityCenterOutOfReach } from '../../domain/identity-center-reach.js';
import { type PolicyDocument, PolicyDocumentSchema } from '../../domain/policy-document.js';
import type { AssignedPrincipal, IdentityCenter, PermissionSetRef } from '../../ports/identity-center.js';
import { awsCall } from './errors.js';
import type { RoleCredentials } from './member-accounts.js';

const POLL_MS = 2_000;
const POLL_LIMIT = 60;

/** The IdentityCenter port over the SSO admin and identity store APIs (in the management or delegated admin account). */
export class SsoIdentityCenter implements IdentityCenter {
  private instance: { instanceArn: string; identityStoreId: string } | undefined;

  constructor(
    private readonly options: {
      ssoAdmin: SSOAdminClient;
      identityStore: IdentitystoreClient;
      /** Whether the clients call as the Identity Center role (identityCenterRoleArn), not as Rekey's own account. */
      throughRole?: boolean;
      sleep?: (ms: number) => Promise<void>;
    },
  ) {}

  private async theInstance(): Promise<{ instanceArn: string; identityStoreId: string }> {
    if (this.instance) return this.instance;
    const out = await awsCall('sso:ListInstances', () =>
      this.options.ssoAdmin.send(new ListInstancesCommand({})),
    );
    const instances = out.Instances ?? [];
    // An account instance beside the organisation's (ListInstances lists both): acting on the wrong one would
    // deny no one, so people choose.
    if (instances.length > 1)
      throw new NotContainableError(
        `sso:ListInstances lists ${instances.length} Identity Center instances (${instances.map((i) => i.InstanceArn).join(', ')}): Rekey will not guess which holds the user`,
      );
    const found = instances[0];
    if (!found?.InstanceArn || !found.IdentityStoreId)
      throw new NotContainableError(
        this.options.throughRole
          ? "IAM Identity Center is out of reach: the account of the identityCenterRoleArn role holds no instance (it must be the management account or Identity Center's delegated administrator)"
          : identityCenterOutOfReach("sso:ListInstances lists no instance in Rekey's own account"),
      );
    this.instance = { instanceArn: found.InstanceArn, identityStoreId: found.IdentityStoreId };
    return this.instance;
  }

  async findPermissionSet(name: string): Promise<PermissionSetRef | undefined> {
    const { instanceArn } = await this.theInstance();
    const { ssoAdmin } = this.options;
    let found: PermissionSetRef | undefined;
    await awsCall('sso:ListPermissionSets', async () => {
      for await (const page of paginateListPermissionSets(
        { client: ssoAdmin },
        { InstanceArn: instanceArn },
      )) {
        for (const permissionSetArn of page.PermissionSets ?? []) {
          const described = await ssoAdmin.send(
            new DescribePermissionSetCommand({
              InstanceArn: instanceArn,
              PermissionSetArn: permissionSetArn,
            }),
          );
          if (described.PermissionSet?.Name === name) {
            found = { instanceArn, permissionSetArn, name };
            return;
          }
        }
      }
    });
    return found;
  }

  async findUserId(userName: string): Promise<string | undefined> {
    const { identityStoreId } = await this.theInstance();
    try {
      const out = await awsCall('identitystore:GetUserId', () =>
        this.options.identityStore.send(
          new GetUserIdCommand({
            IdentityStoreId: identityStoreId,
            AlternateIdentifier: { UniqueAttribute: { AttributePath: 'userName', AttributeValue: userName } },
          }),
        ),
      );
      return out.UserId;
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async describePermissionSet(permissionSetArn: string): Promise<PermissionSetRef> {
    const { instanceArn } = await this.theInstance();
    const out = await awsCall('sso:DescribePermissionSet', () =>
      this.options.ssoAdmin.send(
        new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: permissionSetArn }),
      ),
    );
    return { instanceArn, permissionSetArn, name: out.PermissionSet?.Name ?? permissionSetArn };
  }

  async groupIdsOf(userId: string): Promise<string[]> {
    const { identityStoreId } = await this.theInstance();
    const groups: string[] = [];
    await awsCall('identitystore:ListGroupMembershipsForMember', async () => {
      for await (const page of paginateListGroupMembershipsForMember(
        { client: this.options.identityStore },
        { IdentityStoreId: identityStoreId, MemberId: { UserId: userId } },
      ))
        for (const m of page.GroupMemberships ?? []) if (m.GroupId) groups.push(m.GroupId);
    });
    return groups;
  }

  async permissionSetArnsAssignedTo(principal: AssignedPrincipal): Promise<string[]> {
    const { instanceArn } = await this.theInstance();
    const arns = new Set<string>();
    await awsCall('sso:ListAccountAssignmentsForPrincipal', async () => {
      for await (const page of paginateListAccountAssignmentsForPrincipal(
        { client: this.options.ssoAdmin },
        {
          InstanceArn: instanceArn,
          PrincipalId: principal.principalId,
          PrincipalType: principal.principalType,
        },
      ))
        for (const a of page.AccountAssignments ?? []) if (a.PermissionSetArn) arns.add(a.PermissionSetArn);
    });
    return [...arns];
  }

  async permissionSetArns(): Promise<string[]> {
    const { instanceArn } = await this.theInstance();
    const arns: string[] = [];
    await awsCall('sso:ListPermissionSets', async () => {
      for await (const page of paginateListPermissionSets(
        { client: this.options.ssoAdmin },
        { InstanceArn: instanceArn },
      ))
        arns.push(...(page.PermissionSets ?? []));
    });
    return arns;
  }

  async accountsProvisionedWith(permissionSetArn: string): Promise<string[]> {
    const { instanceArn } = await this.theInstance();
    const accounts: string[] = [];
    // No ProvisioningStatus filter: an account not yet given the set's latest version still holds its role.
    await awsCall('sso:ListAccountsForProvisionedPermissionSet', async () => {
      for await (const page of paginateListAccountsForProvisionedPermissionSet(
        { client: this.options.ssoAdmin },
        { InstanceArn: instanceArn, PermissionSetArn: permissionSetArn },
      ))
        accounts.push(...(page.AccountIds ?? []));
    });
    return accounts;
  }

  async assignmentsIn(accountId: string, permissionSetArn: string): Promise<AssignedPrincipal[]> {
    const { instanceArn } = await this.theInstance();
    const found: AssignedPrincipal[] = [];
    await awsCall('sso:ListAccountAssignments', async () => {
      for await (const page of paginateListAccountAssignments(
        { client: this.options.ssoAdmin },
        { InstanceArn: instanceArn, AccountId: accountId, PermissionSetArn: permissionSetArn },
      ))
        for (const a of page.AccountAssignments ?? [])
          if (a.PrincipalId && a.PrincipalType)
            found.push({ principalType: a.PrincipalType, principalId: a.PrincipalId });
    });
    return found;
  }

  async getInlinePolicy(set: PermissionSetRef): Promise<PolicyDocument | undefined> {
    const out = await awsCall('sso:GetInlinePolicyForPermissionSet', () =>
      this.options.ssoAdmin.send(
        new GetInlinePolicyForPermissionSetCommand({
          InstanceArn: set.instanceArn,
          PermissionSetArn: set.permissionSetArn,
        }),
      ),
    );
    return out.InlinePolicy ? PolicyDocumentSchema.parse(JSON.parse(out.InlinePolicy)) : undefined;
  }

  async putInlinePolicy(set: PermissionSetRef, document: PolicyDocument): Promise<void> {
    await awsCall('sso:PutInlinePolicyToPermissionSet', () =>
      this.options.ssoAdmin.send(
        new PutInlinePolicyToPermissionSetCommand({
          InstanceArn: set.instanceArn,
          PermissionSetArn: set.permissionSetArn,
          InlinePolicy: JSON.stringify(document),
        }),
      ),
    );
  }

  async deleteInlinePolicy(set: PermissionSetRef): Promise<void> {
    await awsCall('sso:DeleteInlinePolicyFromPermissionSet', () =>
      this.options.ssoAdmin.send(
        new DeleteInlinePolicyFromPermissionSetCommand({
          InstanceArn: set.instanceArn,
          PermissionSetArn: set.permissionSetArn,
        }),
      ),
    );
  }

  async provision(set: PermissionSetRef): Promise<void> {
    const { ssoAdmin } = this.options;
    const started = await awsCall('sso:ProvisionPermissionSet', () =>
      ssoAdmin.send(
        new ProvisionPermissionSetCommand({
          InstanceArn: set.instanceArn,
          PermissionSetArn: set.permissionSetArn,
          TargetType: 'ALL_PROVISIONED_ACCOUNTS',
        }),
      ),
    );
    const requestId = started.PermissionSetProvisioningStatus?.RequestId;
    if (!requestId) return;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
    for (let poll = 0; poll < POLL_LIMIT; poll += 1) {
      const out = await awsCall('sso:DescribePermissionSetProvisioningStatus', () =>
        ssoAdmin.send(
          new DescribePermissionSetProvisioningStatusCommand({
            InstanceArn: set.instanceArn,
            ProvisionPermissionSetRequestId: requestId,
          }),
        ),
      );
      const status = out.PermissionSetProvisioningStatus;
      if (status?.Status === 'SUCCEEDED') return;
      if (status?.Status === 'FAILED')
        throw new RekeyError(`provisioning ${set.name} failed: ${status.FailureReason ?? 'no reason given'}`);
      await sleep(POLL_MS);
    }
    throw new RekeyError(`provisioning ${set.name} did not finish in time`);
  }
}

/**
 * IAM Identity Center in its region through clients of its own, as the Identity Center role when `credentials`
 * are given (a deployed function loads this module when first needed).
 */
export function ssoIdentityCenterIn(
  region: string,
  credentials?: () => Promise<RoleCredentials>,
): SsoIdentityCenter {
  const config = { region, ...(credentials ? { credentials } : {}) };
  return new SsoIdentityCenter({
    ssoAdmin: new SSOAdminClient(config),
    identityStore: new IdentitystoreClient(config),
    throughRole: credentials !== undefined,
  });
}
