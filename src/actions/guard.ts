import { NotFoundError, ProtectedPrincipalError } from '../domain/errors.js';
import { protectionReason } from '../domain/protection.js';
import type { IamPrincipal, IamPrincipalRef } from '../ports/identity.js';
import type { ActionContext } from './action.js';

/**
 * The principal an action is about to change, after the guardrails: a protected principal (configured, tagged
 * `rekey:protected`, Rekey's own or service-linked) is refused with ProtectedPrincipalError, in every mode.
 */
export async function containable(ref: IamPrincipalRef, context: ActionContext): Promise<IamPrincipal> {
  const principal = await context.identity.getPrincipal(ref);
  if (!principal) throw new NotFoundError(`the ${ref.kind} ${ref.name} does not exist`);
  const reason = protectionReason(principal, context.protection);
  if (reason) throw new ProtectedPrincipalError(reason);
  return principal;
}
