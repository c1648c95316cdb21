import {
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  type IAMClient,
  ListAccessKeysCommand,
  type RoleDetail,
  type UserDetail,
} from '@aws-sdk/client-iam';
import type { PolicyDocument } from '../../domain/policy-document.js';
import type { PrincipalFacts } from '../../ports/readiness.js';
import { documentOf, tagsOf } from './aws-readiness-parse.js';

type Policies = PrincipalFacts['policies'];

/** Every user and role, and the documents of the local managed policies, from GetAccountAuthorizationDetails. */
async function authorizationDetails(iam: IAMClient) {
  const users: UserDetail[] = [];
  const roles: RoleDetail[] = [];
  const managed = new Map<string, PolicyDocument>();
  let marker: string | undefined;
  do {
    const page = await iam.send(
      new GetAccountAuthorizationDetailsCommand({
        Filter: ['User', 'Role', 'LocalManagedPolicy'],
        ...(marker ? { Marker: marker } : {}),
      }),
    );
    users.push(...(page.UserDetailList ?? []));
    roles.push(...(page.RoleDetailList ?? []));
    for (const policy of page.Policies ?? []) {
      const document = documentOf(policy.PolicyVersionList?.find((v) => v.IsDefaultVersion)?.Document);
      if (policy.Arn && document) managed.set(policy.Arn, document);
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return { users, roles, managed };
}

/** Adds to `managed` the AWS managed policies attached to someone: their default version, read once each. */
async function readAwsManaged(
  iam: IAMClient,
  principals: Array<UserDetail | RoleDetail>,
  managed: Map<string, PolicyDocument>,
): Promise<void> {
  const awsManaged = new Set(
    principals.flatMap((p) =>
      (p.AttachedManagedPolicies ?? []).flatMap((a) =>
        a.PolicyArn && !managed.has(a.PolicyArn) ? [a.PolicyArn] : [],
      ),
    ),
  );
  await Promise.all(
    [...awsManaged].map(async (arn) => {
      const policy = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
      const version = await iam.send(
        new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy.Policy?.DefaultVersionId }),
      );
      const document = documentOf(version.PolicyVersion?.Document);
      if (document) managed.set(arn, document);
    }),
  );
}

/** A user's access keys, each with when it was last used. */
async function accessKeysOf(iam: IAMClient, userName: string): Promise<PrincipalFacts['accessKeys']> {
  const keys = (await iam.send(new ListAccessKeysCommand({ UserName: userName }))).AccessKeyMetadata ?? [];
  return Promise.all(
    keys.map(async (k) => {
      const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.AccessKeyId }));
      const lastUsedAt = used.AccessKeyLastUsed?.LastUsedDate?.toISOString();
      return {
        id: k.AccessKeyId ?? '',
        status: k.Status === 'Inactive' ? ('Inactive' as const) : ('Active' as const),
        createdAt: k.CreateDate?.toISOString() ?? new Date(0).toISOString(),
        ...(lastUsedAt ? { lastUsedAt } : {}),
      };
    }),
  );
}

/** Every user (with its access keys) and role of the account, with its inline and attached policy documents. */
export async function principalFacts(iam: IAMClient): Promise<PrincipalFacts[]> {
  const { users, roles, managed } = await authorizationDetails(iam);
  await readAwsManaged(iam, [...users, ...roles], managed);
  const attached = (list: Array<{ PolicyArn?: string }> | undefined): Policies =>
    (list ?? []).flatMap((a) => {
      const document = a.PolicyArn ? managed.get(a.PolicyArn) : undefined;
      return a.PolicyArn && document ? [{ name: a.PolicyArn, document }] : [];
    });
  const inline = (list: Array<{ PolicyName?: string; PolicyDocument?: string }> | undefined): Policies =>
    (list ?? []).flatMap((p) => {
      const document = documentOf(p.PolicyDocument);
      return p.PolicyName && document ? [{ name: p.PolicyName, document }] : [];
    });
  const userFacts = await Promise.all(
    users.map(async (u): Promise<PrincipalFacts> => {
      const name = u.UserName ?? '';
      return {
        kind: 'user',
        name,
        arn: u.Arn ?? '',
        path: u.Path ?? '/',
        tags: tagsOf(u.Tags),
        policies: [...inline(u.UserPolicyList), ...attached(u.AttachedManagedPolicies)],
        accessKeys: await accessKeysOf(iam, name),
      };
    }),
  );
  const roleFacts = roles.map(
    (r): PrincipalFacts => ({
      kind: 'role',
      name: r.RoleName ?? '',
      arn: r.Arn ?? '',
      path: r.Path ?? '/',
      tags: tagsOf(r.Tags),
      policies: [...inline(r.RolePolicyList), ...attached(r.AttachedManagedPolicies)],
      accessKeys: [],
    }),
  );
  return [...userFacts, ...roleFacts];
}
