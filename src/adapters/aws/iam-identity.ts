import {
  DeleteLoginProfileCommand,
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetRoleCommand,
  GetUserCommand,
  type IAMClient,
  paginateListAccessKeys,
  paginateListInstanceProfilesForRole,
  paginateListUsers,
  type Tag,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { NotFoundError } from '../../domain/errors.js';
import type { PolicyDocument, TrustPolicy } from '../../domain/policy-document.js';
import type {
  AccessKeyLastUsed,
  AccessKeyRecord,
  AccessKeyStatus,
  IamPrincipal,
  IamPrincipalRef,
  Identity,
  LoginProfile,
  SimulatedDecision,
} from '../../ports/identity.js';
import { awsCall, orUndefined } from './errors.js';
import { IamPolicies } from './iam-identity-policies.js';
import { simulatePrincipalPolicy } from './iam-identity-simulation.js';

const tagsOf = (tags: Tag[] | undefined) =>
  Object.fromEntries((tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));

/**
 * The Identity port over IAM (client injected: the member-account role's credentials decide the account). Users,
 * roles, their keys and passwords are read and changed here; their policies in iam-identity-policies.ts, and IAM's
 * policy simulator in iam-identity-simulation.ts.
 */
export class IamIdentity implements Identity {
  private readonly client: IAMClient;
  private readonly policies: IamPolicies;

  constructor({ client }: { client: IAMClient }) {
    this.client = client;
    this.policies = new IamPolicies(client);
  }

  async accessKeyLastUsed(accessKeyId: string): Promise<AccessKeyLastUsed | undefined> {
    try {
      const out = await awsCall('iam:GetAccessKeyLastUsed', () =>
        this.client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId })),
      );
      if (!out.UserName) return undefined;
      const used = out.AccessKeyLastUsed;
      return {
        userName: out.UserName,
        ...(used?.LastUsedDate ? { lastUsedDate: used.LastUsedDate.toISOString() } : {}),
        ...(used?.ServiceName && used.ServiceName !== 'N/A' ? { serviceName: used.ServiceName } : {}),
        ...(used?.Region && used.Region !== 'N/A' ? { region: used.Region } : {}),
      };
    } catch (error) {
      // IAM answers AccessDenied (not NoSuchEntity) for a key of another account; one naming a policy that refuses
      // Rekey (an SCP, a boundary, an explicit deny) is no such answer, and goes to people in IAM's words.
      const refusedByPolicy = /service control policy|permissions boundary|explicit deny/i.test(
        (error as Error).message,
      );
      if (
        error instanceof NotFoundError ||
        ((error as Error).name === 'AccessDeniedError' && !refusedByPolicy)
      )
        return undefined;
      throw error;
    }
  }

  async getPrincipal(ref: IamPrincipalRef): Promise<IamPrincipal | undefined> {
    return orUndefined(async () => {
      const entity =
        ref.kind === 'user'
          ? (await awsCall('iam:GetUser', () => this.client.send(new GetUserCommand({ UserName: ref.name }))))
              .User
          : (await awsCall('iam:GetRole', () => this.client.send(new GetRoleCommand({ RoleName: ref.name }))))
              .Role;
      if (!entity?.Arn) return undefined;
      const id = 'UserId' in entity ? entity.UserId : 'RoleId' in entity ? entity.RoleId : undefined;
      return { ...ref, arn: entity.Arn, id: id ?? '', path: entity.Path ?? '/', tags: tagsOf(entity.Tags) };
    });
  }

  async listUserNames(): Promise<string[]> {
    const names: string[] = [];
    await awsCall('iam:ListUsers', async () => {
      for await (const page of paginateListUsers({ client: this.client }, {}))
        for (const u of page.Users ?? []) if (u.UserName) names.push(u.UserName);
    });
    return names;
  }

  async listAccessKeys(userName: string): Promise<AccessKeyRecord[]> {
    const keys: AccessKeyRecord[] = [];
    await awsCall('iam:ListAccessKeys', async () => {
      for await (const page of paginateListAccessKeys({ client: this.client }, { UserName: userName })) {
        for (const k of page.AccessKeyMetadata ?? []) {
          keys.push({
            accessKeyId: k.AccessKeyId ?? '',
            userName: k.UserName ?? userName,
            status: k.Status === 'Inactive' ? 'Inactive' : 'Active',
            createDate: k.CreateDate?.toISOString() ?? '',
          });
        }
      }
    });
    return keys;
  }

  async updateAccessKeyStatus(userName: string, accessKeyId: string, status: AccessKeyStatus): Promise<void> {
    await awsCall('iam:UpdateAccessKey', () =>
      this.client.send(
        new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId, Status: status }),
      ),
    );
  }

  async getLoginProfile(userName: string): Promise<LoginProfile | undefined> {
    return orUndefined(async () => {
      const out = await awsCall('iam:GetLoginProfile', () =>
        this.client.send(new GetLoginProfileCommand({ UserName: userName })),
      );
      const profile = out.LoginProfile;
      return (
        profile && {
          createDate: profile.CreateDate?.toISOString() ?? '',
          passwordResetRequired: profile.PasswordResetRequired ?? false,
        }
      );
    });
  }

  async deleteLoginProfile(userName: string): Promise<void> {
    await awsCall('iam:DeleteLoginProfile', () =>
      this.client.send(new DeleteLoginProfileCommand({ UserName: userName })),
    );
  }

  async instanceProfileArns(roleName: string): Promise<string[]> {
    const arns: string[] = [];
    await awsCall('iam:ListInstanceProfilesForRole', async () => {
      const pages = paginateListInstanceProfilesForRole({ client: this.client }, { RoleName: roleName });
      for await (const page of pages)
        for (const profile of page.InstanceProfiles ?? []) if (profile.Arn) arns.push(profile.Arn);
    });
    return arns;
  }

  listInlinePolicyNames(ref: IamPrincipalRef): Promise<string[]> {
    return this.policies.listInlinePolicyNames(ref);
  }

  getInlinePolicy(ref: IamPrincipalRef, policyName: string): Promise<PolicyDocument | undefined> {
    return this.policies.getInlinePolicy(ref, policyName);
  }

  putInlinePolicy(ref: IamPrincipalRef, policyName: string, document: PolicyDocument): Promise<void> {
    return this.policies.putInlinePolicy(ref, policyName, document);
  }

  deleteInlinePolicy(ref: IamPrincipalRef, policyName: string): Promise<void> {
    return this.policies.deleteInlinePolicy(ref, policyName);
  }

  listAttachedPolicyArns(ref: IamPrincipalRef): Promise<string[]> {
    return this.policies.listAttachedPolicyArns(ref);
  }

  attachManagedPolicy(ref: IamPrincipalRef, policyArn: string): Promise<void> {
    return this.policies.attachManagedPolicy(ref, policyArn);
  }

  detachManagedPolicy(ref: IamPrincipalRef, policyArn: string): Promise<void> {
    return this.policies.detachManagedPolicy(ref, policyArn);
  }

  createManagedPolicy(name: string, document: PolicyDocument, description: string): Promise<string> {
    return this.policies.createManagedPolicy(name, document, description);
  }

  deleteManagedPolicy(policyArn: string): Promise<void> {
    return this.policies.deleteManagedPolicy(policyArn);
  }

  getRoleTrustPolicy(roleName: string): Promise<TrustPolicy | undefined> {
    return this.policies.getRoleTrustPolicy(roleName);
  }

  updateRoleTrustPolicy(roleName: string, document: TrustPolicy): Promise<void> {
    return this.policies.updateRoleTrustPolicy(roleName, document);
  }

  simulatePrincipalPolicy(
    principalArn: string,
    actions: readonly string[],
    resourceArns: readonly string[],
    context: Readonly<Record<string, string>> = {},
  ): Promise<SimulatedDecision[]> {
    return simulatePrincipalPolicy(this.client, principalArn, actions, resourceArns, context);
  }
}
