import { createHash } from 'node:crypto';
import {
  ConflictError,
  NotContainableError,
  NotFoundError,
  PolicyQuotaExceededError,
} from '../domain/errors.js';
import type { PolicyDocument } from '../domain/policy-document.js';
import { canonicalJson } from '../domain/timeline.js';
import type { IamPrincipal, IamPrincipalRef } from '../ports/identity.js';
import type { ActionContext, ActionResult } from './action.js';

const ref = (p: IamPrincipal) => ({ kind: p.kind, name: p.name });

/** The managed fallback's name: the inline name and a digest of the principal's ARN (within IAM's 128 characters). */
export const managedPolicyName = (policyName: string, principalArn: string): string =>
  `${policyName}-${createHash('sha256').update(principalArn).digest('hex').slice(0, 8)}`;

/** What a principal held under a deny's name when the step first started (journaled with the plan). */
export interface DenyBefore {
  inline: PolicyDocument | null;
  managed: boolean;
}

/** Observes what the principal holds under the deny's name, inline and as the managed fallback. */
export async function observeDeny(
  ref: IamPrincipalRef,
  policyName: string,
  context: ActionContext,
): Promise<DenyBefore | undefined> {
  const target = { kind: ref.kind, name: ref.name };
  const { identity } = context;
  // Three independent reads at once: a not-found principal makes the other two fail, which says nothing more.
  // Anything else (a throttled or refused read) is no observation: it must fail the step, never be journaled as
  // "no prior policy", or a rollback would delete a policy that was there before.
  const unlessGone =
    <T>(absent: T) =>
    (error: unknown): T => {
      if (error instanceof NotFoundError) return absent;
      throw error;
    };
  const [principal, inline, attached] = await Promise.all([
    identity.getPrincipal(ref),
    identity.getInlinePolicy(target, policyName).catch(unlessGone(undefined)),
    identity.listAttachedPolicyArns(target).catch(unlessGone([] as string[])),
  ]);
  if (!principal) return undefined;
  const name = managedPolicyName(policyName, principal.arn);
  return { inline: inline ?? null, managed: attached.some((arn) => arn.endsWith(`/${name}`)) };
}

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
  before?: DenyBefore,
): Promise<Omit<ActionResult, 'summary'> & { placement: 'inline' | 'managed' }> {
  const { identity } = context;
  const target = ref(principal);
  const existing =
    context.observedJustNow && before
      ? (before.inline ?? undefined)
      : await identity.getInlinePolicy(target, policyName);
  if (existing && canonicalJson(existing) === canonicalJson(document)) {
    const prior = before?.inline ?? null;
    if (!before || (prior && canonicalJson(prior) === canonicalJson(document)))
      return { status: 'unchanged', placement: 'inline', facts: { policyName, placement: 'inline' } };
    // An earlier attempt of this step put it there: still this step's change, and still undone with it.
    return {
      status: 'changed',
      placement: 'inline',
      ...(prior ? { prior: { document: prior } } : {}),
      undo: prior
        ? { operation: 'iam:PutInlinePolicy', parameters: { principal: target, policyName, document: prior } }
        : { operation: 'iam:DeleteInlinePolicy', parameters: { principal: target, policyName } },
      facts: { policyName, placement: 'inline', completedOnRetry: true },
    };
  }
  // What was there before the first attempt, when journaled: a policy an earlier attempt put (a deny planned
  // afresh, with a later cut-off) is this step's own, never restored by its undo.
  const original = before ? (before.inline ?? undefined) : existing;
  try {
    await identity.putInlinePolicy(target, policyName, document);
    return {
      status: 'changed',
      placement: 'inline',
      ...(original ? { prior: { document: original } } : {}),
      undo: original
        ? {
            operation: 'iam:PutInlinePolicy',
            parameters: { principal: target, policyName, document: original },
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
    if (!before || before.managed)
      return {
        status: 'unchanged',
        placement: 'managed',
        facts: { policyName, policyArn, placement: 'managed' },
      };
    return {
      status: 'changed',
      placement: 'managed',
      undo: { operation: 'rekey:DetachAndDeleteManagedPolicy', parameters: { principal: target, policyArn } },
      facts: { policyName, policyArn, placement: 'managed', completedOnRetry: true },
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
