import { AccessDeniedError, NotContainableError } from '../domain/errors.js';
import type { Exposure } from '../domain/exposure.js';
import { IDENTITY_CENTER_PATH, protectionReason } from '../domain/protection.js';
import type { IamPrincipalRef, IdentityProvider } from '../ports/identity.js';
import type { Guardrails } from './guardrails.js';

/** The IAM user or role an exposure's holder is, by name; none for the root, a federated user or an unknown holder. */
function iamPrincipalOf({ type, name }: Exposure['principal']): IamPrincipalRef | undefined {
  if (!name || name === '(unresolved)') return undefined;
  if (type === 'IAMUser') return { kind: 'user', name };
  if (type === 'AssumedRole') return { kind: 'role', name };
  return undefined;
}

/** What IAM says of a holder before anything starts: why it must never be contained, or why it cannot be. */
export interface HolderCheck {
  refused?: string;
  /** Rekey cannot reach the holder's account (no member template there, or outside the organisation). */
  unreachable?: string;
  /** A role named as Identity Center's that IAM shows is not on its reserved path: anyone's own role. */
  notIdentityCenter?: boolean;
}

/**
 * Why the holder IAM knows must never be contained, or undefined: its real ARN (with its path, which a finding
 * does not give) against Rekey's own roles and the protected principals, and its `rekey:protected` tag, read in
 * the holder's account (`iam:GetUser`/`iam:GetRole` return the tags; the reader role in member accounts). Decided
 * at triage, so no responder is asked to approve a change the action would refuse. An account Rekey cannot reach is
 * unreachable (the incident goes to people at once, as for a key whose owner cannot be read); a read IAM refuses
 * leaves the decision to the action's own guard, which reads the same.
 */
export async function protectedInIam(
  exposure: Exposure,
  guardrails: Guardrails,
  identityFor: IdentityProvider | undefined,
): Promise<HolderCheck> {
  const ref = iamPrincipalOf(exposure.principal);
  if (!ref || !identityFor) return {};
  try {
    const principal = await identityFor(exposure.accountId).getPrincipal(ref);
    const refused = principal ? protectionReason(principal, guardrails) : undefined;
    if (refused) return { refused };
    // Its session's name would choose which Identity Center user is denied everywhere: only Identity Center's own.
    if (exposure.kind === 'identity-center-session' && principal && principal.path !== IDENTITY_CENTER_PATH)
      return { notIdentityCenter: true };
    return {};
  } catch (error) {
    if (error instanceof NotContainableError) return { unreachable: error.message };
    if (error instanceof AccessDeniedError) return {};
    throw error;
  }
}
