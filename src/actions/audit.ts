import { ConfigurationError } from '../domain/errors.js';
import type { AuditTrail } from '../ports/audit-trail.js';
import type { ActionContext } from './action.js';

/** The most events read per key and region: lookups are bounded (LookupEvents allows 2 requests a second). */
export const EVENTS_PER_LOOKUP = 1000;

/** The longest a role session lives (MaxSessionDuration at most 12 hours): how far back its AssumeRole is sought. */
export const LONGEST_ROLE_SESSION_MS = 12 * 60 * 60 * 1000;

/**
 * The longest any session a key can mint lives (GetSessionToken and GetFederationToken: 129,600 seconds): how far
 * back an investigation of a key looks for what it did, minted and created.
 */
export const LONGEST_SESSION_MS = 36 * 60 * 60 * 1000;

/** The CloudTrail history of the step's account in one region. */
export function trailIn(context: ActionContext, region: string): AuditTrail {
  if (!context.auditTrail) throw new ConfigurationError('this deployment gives Rekey no CloudTrail access');
  return context.auditTrail(region);
}

/** The regions to search: those given, or every region enabled in the account (EC2 DescribeRegions). */
export async function regionsToSearch(
  context: ActionContext,
  regions: readonly string[] | undefined,
): Promise<readonly string[]> {
  if (regions) return regions;
  if (!context.network)
    throw new ConfigurationError(
      'no regions given, and this deployment gives Rekey no EC2 access to list them',
    );
  return context.network.enabledRegions();
}
