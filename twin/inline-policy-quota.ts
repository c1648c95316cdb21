/**
 * IAM's quota on a principal's inline policies, which moto does not enforce: their aggregate size, white space
 * not counted, is at most 2,048 characters for a user and 10,240 for a role (IAM's "IAM object quotas"); a
 * PutUserPolicy or PutRolePolicy that would exceed it is refused with `LimitExceeded`.
 */
import {
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  type IAMClient,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';

const QUOTA = { user: 2048, role: 10_240 };

const size = (document: string) => document.replace(/\s/g, '').length;

/** The principal's inline policies other than `except`, each one's size. */
async function otherSizes(iam: IAMClient, kind: 'user' | 'role', name: string, except: string) {
  const names =
    kind === 'user'
      ? ((await iam.send(new ListUserPoliciesCommand({ UserName: name }))).PolicyNames ?? [])
      : ((await iam.send(new ListRolePoliciesCommand({ RoleName: name }))).PolicyNames ?? []);
  const documents = await Promise.all(
    names
      .filter((n) => n !== except)
      .map(async (n) =>
        kind === 'user'
          ? (await iam.send(new GetUserPolicyCommand({ UserName: name, PolicyName: n }))).PolicyDocument
          : (await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: n }))).PolicyDocument,
      ),
  );
  return documents.map((d) => size(decodeURIComponent(String(d))));
}

/**
 * IAM's refusal message when the inline policy a Put*Policy request (its form parameters) puts would take the
 * principal over its quota; undefined when it fits. `iam` reads the principal's account as its administrator.
 */
export async function inlineQuotaExceeded(
  iam: IAMClient,
  action: string,
  params: URLSearchParams,
): Promise<string | undefined> {
  const kind = action === 'PutUserPolicy' ? 'user' : action === 'PutRolePolicy' ? 'role' : undefined;
  if (!kind) return undefined;
  const name = String(params.get(kind === 'user' ? 'UserName' : 'RoleName'));
  const policyName = String(params.get('PolicyName'));
  let others: number[];
  try {
    others = await otherSizes(iam, kind, name, policyName);
  } catch {
    return undefined; // No such principal: IAM's own answer (moto's) says so.
  }
  const total = others.reduce((a, b) => a + b, 0) + size(String(params.get('PolicyDocument')));
  return total > QUOTA[kind]
    ? `Maximum policy size of ${QUOTA[kind]} bytes exceeded for ${kind} ${name}`
    : undefined;
}
