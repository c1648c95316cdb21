import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  type ContextKeyTypeEnum,
  CreatePolicyCommand,
  DeleteLoginProfileCommand,
  DeletePolicyCommand,
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  type IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  paginateListAccessKeys,
  paginateListAttachedRolePolicies,
  paginateListAttachedUserPolicies,
  paginateListInstanceProfilesForRole,
  paginateListRolePolicies,
  paginateListUserPolicies,
  paginateSimulatePrincipalPolicy,
  type Tag,
  UpdateAccessKeyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { NotFoundError } from '../../domain/errors.js';
import {
  type PolicyDocument,
  PolicyDocumentSchema,
  type TrustPolicy,
  TrustPolicySchema,
} from '../../domain/policy-document.js';
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
import { awsCall } from './errors.js';

/** IAM returns policy documents URL-encoded (RFC 3986). */
function decodeDocument(encoded: string): PolicyDocument {
  return PolicyDocumentSchema.parse(JSON.parse(decodeURIComponent(encoded)));
}

const tagsOf = (tags: Tag[] | undefined) =>
  Object.fromEntries((tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));

async function orUndefined<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/** How many resources one simulation names (IAM documents no limit; a request stays well inside its size). */
const RESOURCES_PER_SIMULATION = 50;

const DECISIONS = new Set(['allowed', 'explicitDeny', 'implicitDeny']);

/** The type IAM's simulator takes a global condition key's value as. */
function contextType(key: string): ContextKeyTypeEnum {
  const name = key.toLowerCase();
  if (name === 'aws:sourceip') return 'ip';
  if (name === 'aws:currenttime' || name === 'aws:tokenissuetime') return 'date';
  if (name === 'aws:securetransport' || name === 'aws:multifactorauthpresent') return 'boolean';
  return 'string';
}

/** The Identity port over IAM (client injected: the member-account role's credentials decide the account). */
export class IamIdentity implements Identity {
  private readonly client: IAMClient;

  constructor({ client }: { client: IAMClient }) {
    this.client = client;
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
      // IAM answers AccessDenied (not NoSuchEntity) for a key of another account.
      if (error instanceof NotFoundError || (error as Error).name === 'AccessDeniedError') return undefined;
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

  async listInlinePolicyNames(ref: IamPrincipalRef): Promise<string[]> {
    const names: string[] = [];
    await awsCall(ref.kind === 'user' ? 'iam:ListUserPolicies' : 'iam:ListRolePolicies', async () => {
      const pages =
        ref.kind === 'user'
          ? paginateListUserPolicies({ client: this.client }, { UserName: ref.name })
          : paginateListRolePolicies({ client: this.client }, { RoleName: ref.name });
      for await (const page of pages) names.push(...(page.PolicyNames ?? []));
    });
    return names;
  }

  async getInlinePolicy(ref: IamPrincipalRef, policyName: string): Promise<PolicyDocument | undefined> {
    return orUndefined(async () => {
      const out =
        ref.kind === 'user'
          ? await awsCall('iam:GetUserPolicy', () =>
              this.client.send(new GetUserPolicyCommand({ UserName: ref.name, PolicyName: policyName })),
            )
          : await awsCall('iam:GetRolePolicy', () =>
              this.client.send(new GetRolePolicyCommand({ RoleName: ref.name, PolicyName: policyName })),
            );
      return out.PolicyDocument ? decodeDocument(out.PolicyDocument) : undefined;
    });
  }

  async putInlinePolicy(ref: IamPrincipalRef, policyName: string, document: PolicyDocument): Promise<void> {
    const PolicyDocument = JSON.stringify(document);
    if (ref.kind === 'user') {
      await awsCall('iam:PutUserPolicy', () =>
        this.client.send(
          new PutUserPolicyCommand({ UserName: ref.name, PolicyName: policyName, PolicyDocument }),
        ),
      );
    } else {
      await awsCall('iam:PutRolePolicy', () =>
        this.client.send(
          new PutRolePolicyCommand({ RoleName: ref.name, PolicyName: policyName, PolicyDocument }),
        ),
      );
    }
  }

  async deleteInlinePolicy(ref: IamPrincipalRef, policyName: string): Promise<void> {
    if (ref.kind === 'user') {
      await awsCall('iam:DeleteUserPolicy', () =>
        this.client.send(new DeleteUserPolicyCommand({ UserName: ref.name, PolicyName: policyName })),
      );
    } else {
      await awsCall('iam:DeleteRolePolicy', () =>
        this.client.send(new DeleteRolePolicyCommand({ RoleName: ref.name, PolicyName: policyName })),
      );
    }
  }

  async listAttachedPolicyArns(ref: IamPrincipalRef): Promise<string[]> {
    const arns: string[] = [];
    await awsCall(
      ref.kind === 'user' ? 'iam:ListAttachedUserPolicies' : 'iam:ListAttachedRolePolicies',
      async () => {
        const pages =
          ref.kind === 'user'
            ? paginateListAttachedUserPolicies({ client: this.client }, { UserName: ref.name })
            : paginateListAttachedRolePolicies({ client: this.client }, { RoleName: ref.name });
        for await (const page of pages)
          arns.push(...(page.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? ''));
      },
    );
    return arns;
  }

  async attachManagedPolicy(ref: IamPrincipalRef, policyArn: string): Promise<void> {
    if (ref.kind === 'user') {
      await awsCall('iam:AttachUserPolicy', () =>
        this.client.send(new AttachUserPolicyCommand({ UserName: ref.name, PolicyArn: policyArn })),
      );
    } else {
      await awsCall('iam:AttachRolePolicy', () =>
        this.client.send(new AttachRolePolicyCommand({ RoleName: ref.name, PolicyArn: policyArn })),
      );
    }
  }

  async detachManagedPolicy(ref: IamPrincipalRef, policyArn: string): Promise<void> {
    if (ref.kind === 'user') {
      await awsCall('iam:DetachUserPolicy', () =>
        this.client.send(new DetachUserPolicyCommand({ UserName: ref.name, PolicyArn: policyArn })),
      );
    } else {
      await awsCall('iam:DetachRolePolicy', () =>
        this.client.send(new DetachRolePolicyCommand({ RoleName: ref.name, PolicyArn: policyArn })),
      );
    }
  }

  async createManagedPolicy(name: string, document: PolicyDocument, description: string): Promise<string> {
    const out = await awsCall('iam:CreatePolicy', () =>
      this.client.send(
        new CreatePolicyCommand({
          PolicyName: name,
          Path: '/rekey/',
          Description: description,
          PolicyDocument: JSON.stringify(document),
          Tags: [{ Key: 'rekey:managed', Value: 'true' }],
        }),
      ),
    );
    return out.Policy?.Arn ?? '';
  }

  async getManagedPolicy(policyArn: string): Promise<PolicyDocument | undefined> {
    return orUndefined(async () => {
      const policy = await awsCall('iam:GetPolicy', () =>
        this.client.send(new GetPolicyCommand({ PolicyArn: policyArn })),
      );
      const versionId = policy.Policy?.DefaultVersionId;
      if (!versionId) return undefined;
      const version = await awsCall('iam:GetPolicyVersion', () =>
        this.client.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })),
      );
      return version.PolicyVersion?.Document ? decodeDocument(version.PolicyVersion.Document) : undefined;
    });
  }

  async deleteManagedPolicy(policyArn: string): Promise<void> {
    await awsCall('iam:DeletePolicy', () =>
      this.client.send(new DeletePolicyCommand({ PolicyArn: policyArn })),
    );
  }

  async getRoleTrustPolicy(roleName: string): Promise<TrustPolicy | undefined> {
    return orUndefined(async () => {
      const { Role } = await awsCall('iam:GetRole', () =>
        this.client.send(new GetRoleCommand({ RoleName: roleName })),
      );
      return Role?.AssumeRolePolicyDocument
        ? TrustPolicySchema.parse(JSON.parse(decodeURIComponent(Role.AssumeRolePolicyDocument)))
        : undefined;
    });
  }

  async updateRoleTrustPolicy(roleName: string, document: TrustPolicy): Promise<void> {
    await awsCall('iam:UpdateAssumeRolePolicy', () =>
      this.client.send(
        new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: JSON.stringify(document) }),
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

  async simulatePrincipalPolicy(
    principalArn: string,
    actions: readonly string[],
    resourceArns: readonly string[],
    context: Readonly<Record<string, string>> = {},
  ): Promise<SimulatedDecision[]> {
    const decisions: SimulatedDecision[] = [];
    const ContextEntries = Object.entries(context).map(([key, value]) => ({
      ContextKeyName: key,
      ContextKeyValues: [value],
      ContextKeyType: contextType(key),
    }));
    for (let i = 0; i < resourceArns.length; i += RESOURCES_PER_SIMULATION) {
      const chunk = resourceArns.slice(i, i + RESOURCES_PER_SIMULATION);
      await awsCall('iam:SimulatePrincipalPolicy', async () => {
        const pages = paginateSimulatePrincipalPolicy(
          { client: this.client },
          {
            PolicySourceArn: principalArn,
            ActionNames: [...actions],
            ResourceArns: chunk,
            ...(ContextEntries.length ? { ContextEntries } : {}),
          },
        );
        for await (const page of pages)
          for (const result of page.EvaluationResults ?? []) {
            const decision = String(result.EvalDecision);
            decisions.push({
              action: result.EvalActionName ?? '',
              resourceArn: result.EvalResourceName ?? '',
              // Anything IAM may add later is not an allow.
              decision: DECISIONS.has(decision)
                ? (decision as SimulatedDecision['decision'])
                : 'implicitDeny',
              missingContextKeys: result.MissingContextValues ?? [],
            });
          }
      });
    }
    return decisions;
  }
}
