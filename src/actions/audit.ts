import { ConfigurationError } from '../domain/errors.js';
import type { AuditLookup, AuditTrail } from '../ports/audit-trail.js';
import type { ActionContext } from './action.js';

/** The most events read per key and region: lookups are bounded (LookupEvents allows 2 requests a second). */
export const EVENTS_PER_LOOKUP = 1000;

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

/**
 * Every event signed with any of the keys, in every region (given, or enabled), between the times, oldest first;
 * truncated when any lookup held more than it reads (the oldest events of that lookup are missing).
 */
export async function eventsOf(
  context: ActionContext,
  accessKeyIds: readonly string[],
  regions: readonly string[] | undefined,
  from: Date,
  to: Date,
): Promise<AuditLookup> {
  const found: AuditLookup = { events: [], truncated: false };
  for (const region of await regionsToSearch(context, regions)) {
    const trail = trailIn(context, region);
    for (const key of accessKeyIds) {
      const { events, truncated } = await trail.eventsByAccessKey(key, from, to, EVENTS_PER_LOOKUP);
      found.events.push(...events);
      found.truncated ||= truncated;
    }
  }
  found.events.sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  return found;
}
