import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
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
import type { IamPrincipalRef } from '../../ports/identity.js';
import { awsCall, orUndefined } from './errors.js';

/** IAM returns policy documents URL-encoded (RFC 3986). */
function decodeDocument(encoded: string): PolicyDocument {
  return PolicyDocumentSchema.parse(JSON.parse(decodeURIComponent(encoded)));
}

/** The names of a user's or role's inline policies. */
export async function listInlinePolicyNames(client: IAMClient, ref: IamPrincipalRef): Promise<string[]> {
  const names: string[] = [];
  await awsCall(ref.kind === 'user' ? 'iam:ListUserPolicies' : 'iam:ListRolePolicies', async () => {
    const pages =
      ref.kind === 'user'
        ? paginateListUserPolicies({ client }, { UserName: ref.name })
        : paginateListRolePolicies({ client }, { RoleName: ref.name });
    for await (const page of pages) names.push(...(page.PolicyNames ?? []));
  });
  return names;
}

/** A user's or role's inline policy, or undefined when there is none by that name. */
export async function getInlinePolicy(
  client: IAMClient,
  ref: IamPrincipalRef,
  policyName: string,
): Promise<PolicyDocument | undefined> {
  return orUndefined(async () => {
    const out =
      ref.kind === 'user'
        ? await awsCall('iam:GetUserPolicy', () =>
            client.send(new GetUserPolicyCommand({ UserName: ref.name, PolicyName: policyName })),
          )
        : await awsCall('iam:GetRolePolicy', () =>
            client.send(new GetRolePolicyCommand({ RoleName: ref.name, PolicyName: policyName })),
          );
    return out.PolicyDocument ? decodeDocument(out.PolicyDocument) : undefined;
  });
}

/** Writes a user's or role's inline policy, replacing one of the same name. */
export async function putInlinePolicy(
  client: IAMClient,
  ref: IamPrincipalRef,
  policyName: string,
  document: PolicyDocument,
): Promise<void> {
  const PolicyDocument = JSON.stringify(document);
  if (ref.kind === 'user') {
    await awsCall('iam:PutUserPolicy', () =>
      client.send(new PutUserPolicyCommand({ UserName: ref.name, PolicyName: policyName, PolicyDocument })),
    );
  } else {
    await awsCall('iam:PutRolePolicy', () =>
      client.send(new PutRolePolicyCommand({ RoleName: ref.name, PolicyName: policyName, PolicyDocument })),
    );
  }
}

/** Deletes a user's or role's inline policy. */
export async function deleteInlinePolicy(
  client: IAMClient,
  ref: IamPrincipalRef,
  policyName: string,
): Promise<void> {
  if (ref.kind === 'user') {
    await awsCall('iam:DeleteUserPolicy', () =>
      client.send(new DeleteUserPolicyCommand({ UserName: ref.name, PolicyName: policyName })),
    );
  } else {
    await awsCall('iam:DeleteRolePolicy', () =>
      client.send(new DeleteRolePolicyCommand({ RoleName: ref.name, PolicyName: policyName })),
    );
  }
}

/** The ARNs of the managed policies attached to a user or role. */
export async function listAttachedPolicyArns(client: IAMClient, ref: IamPrincipalRef): Promise<string[]> {
  const arns: string[] = [];
  await awsCall(
    ref.kind === 'user' ? 'iam:ListAttachedUserPolicies' : 'iam:ListAttachedRolePolicies',
    async () => {
      const pages =
        ref.kind === 'user'
          ? paginateListAttachedUserPolicies({ client }, { UserName: ref.name })
          : paginateListAttachedRolePolicies({ client }, { RoleName: ref.name });
      for await (const page of pages)
        arns.push(...(page.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? ''));
    },
  );
  return arns;
}

/** Attaches a managed policy to a user or role. */
export async function attachManagedPolicy(
  client: IAMClient,
  ref: IamPrincipalRef,
  policyArn: string,
): Promise<void> {
  if (ref.kind === 'user') {
    await awsCall('iam:AttachUserPolicy', () =>
      client.send(new AttachUserPolicyCommand({ UserName: ref.name, PolicyArn: policyArn })),
    );
  } else {
    await awsCall('iam:AttachRolePolicy', () =>
      client.send(new AttachRolePolicyCommand({ RoleName: ref.name, PolicyArn: policyArn })),
    );
  }
}

/** Detaches a managed policy from a user or role. */
export async function detachManagedPolicy(
  client: IAMClient,
  ref: IamPrincipalRef,
  policyArn: string,
): Promise<void> {
  if (ref.kind === 'user') {
    await awsCall('iam:DetachUserPolicy', () =>
      client.send(new DetachUserPolicyCommand({ UserName: ref.name, PolicyArn: policyArn })),
    );
  } else {
    await awsCall('iam:DetachRolePolicy', () =>
      client.send(new DetachRolePolicyCommand({ RoleName: ref.name, PolicyArn: policyArn })),
    );
  }
}

/** Creates one of Rekey's managed policies (under `/rekey/`, tagged `rekey:managed`); answers its ARN. */
export async function createManagedPolicy(
  client: IAMClient,
  name: string,
  document: PolicyDocument,
  description: string,
): Promise<string> {
  const out = await awsCall('iam:CreatePolicy', () =>
    client.send(
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

/** A managed policy's default version, or undefined when the policy is gone. */
export async function getManagedPolicy(
  client: IAMClient,
  policyArn: string,
): Promise<PolicyDocument | undefined> {
  return orUndefined(async () => {
    const policy = await awsCall('iam:GetPolicy', () =>
      client.send(new GetPolicyCommand({ PolicyArn: policyArn })),
    );
    const versionId = policy.Policy?.DefaultVersionId;
    if (!versionId) return undefined;
    const version = await awsCall('iam:GetPolicyVersion', () =>
      client.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })),
    );
    return version.PolicyVersion?.Document ? decodeDocument(version.PolicyVersion.Document) : undefined;
  });
}

/** Deletes a managed policy. */
export async function deleteManagedPolicy(client: IAMClient, policyArn: string): Promise<void> {
  await awsCall('iam:DeletePolicy', () => client.send(new DeletePolicyCommand({ PolicyArn: policyArn })));
}

/** A role's trust policy, or undefined when the role is gone. */
export async function getRoleTrustPolicy(
  client: IAMClient,
  roleName: string,
): Promise<TrustPolicy | undefined> {
  return orUndefined(async () => {
    const { Role } = await awsCall('iam:GetRole', () =>
      client.send(new GetRoleCommand({ RoleName: roleName })),
    );
    return Role?.AssumeRolePolicyDocument
      ? TrustPolicySchema.parse(JSON.parse(decodeURIComponent(Role.AssumeRolePolicyDocument)))
      : undefined;
  });
}

/** Replaces a role's trust policy. */
export async function updateRoleTrustPolicy(
  client: IAMClient,
  roleName: string,
  document: TrustPolicy,
): Promise<void> {
  await awsCall('iam:UpdateAssumeRolePolicy', () =>
    client.send(
      new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: JSON.stringify(document) }),
    ),
  );
}
