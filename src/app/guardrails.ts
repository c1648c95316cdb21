import type { Detection } from '../domain/detection.js';
import { protectionReason } from '../domain/protection.js';

/** Who Rekey must never contain, and which accounts may report about others. */
export interface Guardrails {
  /** Principal ARNs (IAM wildcards allowed) that are reported and never contained (break-glass roles, ...). */
  protectedPrincipals: readonly string[];
  /** Rekey's own roles (IAM wildcards allowed): containing them would disable the responder. */
  ownRoles?: readonly string[];
  /** GuardDuty or Security Hub administrator accounts, whose events may name member accounts. */
  administratorAccounts?: readonly string[];
}

/**
 * Why Rekey must not act on a detection delivered by `deliveredBy`, or undefined when it may. An account may
 * only report about itself, unless it is a configured administrator (the finding's own account field then names
 * the subject's account); sample findings and AWS service principals are never acted on. Protected holders
 * (service-linked roles, Rekey's own roles, configured or tagged principals) are decided once the holder is
 * resolved, and reported.
 */
export function refusal(
  detection: Detection,
  deliveredBy: string | undefined,
  guardrails: Guardrails,
): string | undefined {
  const { evidence, principal, accountId } = detection;
  if (evidence.sample) return 'a sample finding: reported, never acted on';
  if (deliveredBy && deliveredBy !== accountId && evidence.source !== 'rekey.scanner') {
    if (!(guardrails.administratorAccounts ?? []).includes(deliveredBy)) {
      return `the event was delivered by account ${deliveredBy} but concerns account ${accountId}, and ${deliveredBy} is not a configured GuardDuty or Security Hub administrator`;
    }
  }
  return principal.type === 'AWSService'
    ? refusalForPrincipal(principal.type, principal.arn, guardrails)
    : undefined;
}

/** Why a principal must not be contained, or undefined; checked again once triage has resolved the holder. */
export function refusalForPrincipal(
  type: string,
  arn: string | undefined,
  guardrails: Guardrails,
): string | undefined {
  if (type === 'AWSService') return 'an AWS service principal cannot be contained';
  return arn ? protectionReason({ arn }, guardrails) : undefined;
}
