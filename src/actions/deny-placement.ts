import { createHash } from 'node:crypto';
import { ConflictError, NotContainableError, PolicyQuotaExceededError } from '../domain/errors.js';
import type { PolicyDocument } from '../domain/policy-document.js';
import { canonicalJson } from '../domain/timeline.js';
import type { IamPrincipal } from '../ports/identity.js';
import type { ActionContext, ActionResult } from './action.js';

const ref = (p: IamPrincipal) => ({ kind: p.kind, name: p.name });

/** The managed fallback's name: the inline name and a digest of the principal's ARN (within IAM's 128 characters). */
export const managedPolicyName = (policyName: string, principalArn: string): string =>
  `${policyName}-${createHash('sha256').update(principalArn).digest('hex').slice(0, 8)}`;

/**
 * Puts a deny on a principal: inline when it fits IAM's inline quota (2,048 characters per user, 10,240 per
 * role), else as a per-principal customer managed policy; when the principal's managed-policy attachments are
 * full too, it escalates (NotContainableError). Idempotent: the same document already in place changes nothing.
 */
export async function placeDeny(
  principal: IamPrincipal,
  policyName: string,
  document: PolicyDocument,
  context: ActionContext,
): Promise<Omit<ActionResult, 'summary'> & { placement: 'inline' | 'managed' }> {
  const { identity } = context;
  const target = ref(principal);
  const existing = await identity.getInlinePolicy(target, policyName);
  if (existing && canonicalJson(existing) === canonicalJson(document)) {
    return { status: 'unchanged', placement: 'inline', facts: { policyName, placement: 'inline' } };
  }
  try {
    await identity.putInlinePolicy(target, policyName, document);
    return {
      status: 'changed',
      placement: 'inline',
      ...(existing ? { prior: { document: existing } } : {}),
      undo: existing
        ? {
            operation: 'iam:PutInlinePolicy',
            parameters: { principal: target, policyName, document: existing },
          }
        : { operation: 'iam:DeleteInlinePolicy', parameters: { principal: target, policyName } },
      facts: { policyName, placement: 'inline' },
    };
  } catch (error) {
    if (!(error instanceof PolicyQuotaExceededError)) throw error;
  }
  // No room inline: a managed policy of its own for this principal and incident (named for both, so that two
  // principals never share one and rolling one back never meets the other's attachment).
  const managedName = managedPolicyName(policyName, principal.arn);
  let policyArn: string;
  try {
    policyArn = await identity.createManagedPolicy(
      managedName,
      document,
      `Rekey ${context.incidentId}: ${policyName} for ${principal.arn}`,
    );
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const [, partition, , , account] = principal.arn.split(':');
    policyArn = `arn:${partition}:iam::${account}:policy/rekey/${managedName}`;
  }
  if ((await identity.listAttachedPolicyArns(target)).includes(policyArn)) {
    return {
      status: 'unchanged',
      placement: 'managed',
      facts: { policyName, policyArn, placement: 'managed' },
    };
  }
  try {
    await identity.attachManagedPolicy(target, policyArn);
  } catch (error) {
    if (!(error instanceof PolicyQuotaExceededError)) throw error;
    await identity.deleteManagedPolicy(policyArn).catch(() => undefined);
    throw new NotContainableError(
      `${principal.arn} has no room for the deny: its inline policies are at IAM's size quota and its managed policy attachments are full`,
    );
  }
  return {
    status: 'changed',
    placement: 'managed',
    undo: { operation: 'rekey:DetachAndDeleteManagedPolicy', parameters: { principal: target, policyArn } },
    facts: { policyName, policyArn, placement: 'managed' },
  };
}
