import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  type IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  paginateListAttachedRolePolicies,
  paginateListAttachedUserPolicies,
  paginateListRolePolicies,
  paginateListUserPolicies,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  type PolicyDocument,
  PolicyDocumentSchema,
  type TrustPolicy,
  TrustPolicySchema,
} from '../../domain/policy-document.js';
import type { IamPrincipalRef, Identity } from '../../ports/identity.js';
import { awsCall, orUndefined } from './errors.js';

/** IAM returns policy documents URL-encoded (RFC 3986). */
function decodeDocument(encoded: string): PolicyDocument {
  return PolicyDocumentSchema.parse(JSON.parse(decodeURIComponent(encoded)));
}

/** The part of the Identity port that reads and writes policies. */
type PolicyPort = Pick<
  Identity,
  | 'listInlinePolicyNames'
  | 'getInlinePolicy'
  | 'putInlinePolicy'
  | 'deleteInlinePolicy'
  | 'listAttachedPolicyArns'
  | 'attachManagedPolicy'
  | 'detachManagedPolicy'
  | 'createManagedPolicy'
  | 'deleteManagedPolicy'
  | 'getRoleTrustPolicy'
  | 'updateRoleTrustPolicy'
>;

/**
 * IAM's policies for the Identity port: users' and roles' inline and attached managed policies, Rekey's own managed
 * policies, and roles' trust policies.
 */
export class IamPolicies implements PolicyPort {
  constructor(private readonly client: IAMClient) {}

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
}
