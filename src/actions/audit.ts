import { ConfigurationError } from '../domain/errors.js';
import type { AuditLookup, AuditTrail } from '../ports/audit-trail.js';
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
  // Regions in parallel (LookupEvents' rate limit is per region); keys one after another within a region.
  const lookups = await Promise.all(
    (await regionsToSearch(context, regions)).map(async (region) => {
      const trail = trailIn(context, region);
      const results: AuditLookup[] = [];
      for (const key of accessKeyIds)
        results.push(await trail.eventsByAccessKey(key, from, to, EVENTS_PER_LOOKUP));
      return results;
    }),
  );
  for (const { events, truncated } of lookups.flat()) {
    found.events.push(...events);
    found.truncated ||= truncated;
  }
  found.events.sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  return found;
}

/** The most keys an investigation follows from one credential (sessions of sessions, ...). */
export const MAX_DERIVED_KEYS = 25;

/**
 * The keys, every session key obtained from them (AssumeRole, GetSessionToken, GetFederationToken, and so on
 * down) and every access key they created (CreateAccessKey's response), as CloudTrail recorded the successful
 * calls that issued them, bounded: a key the attacker made is the attacker's as much as the one that leaked.
 */
export async function derivedKeys(
  context: ActionContext,
  accessKeyIds: readonly string[],
  regions: readonly string[] | undefined,
  from: Date,
  to: Date,
): Promise<{ keys: string[]; truncated: boolean }> {
  const searched = await regionsToSearch(context, regions);
  const queue = [...accessKeyIds];
  const seen = new Set(queue);
  let truncated = false;
  while (queue.length > 0) {
    const key = queue.shift() as string;
    // Regions in parallel: LookupEvents' rate limit is per region.
    const lookups = await Promise.all(
      searched.map((region) => trailIn(context, region).eventsByAccessKey(key, from, to, EVENTS_PER_LOOKUP)),
    );
    for (const lookup of lookups) {
      truncated ||= lookup.truncated;
      for (const event of lookup.events) {
        const issued = event.errorCode ? undefined : (event.issuedAccessKeyId ?? event.createdAccessKeyId);
        if (!issued || seen.has(issued)) continue;
        if (seen.size >= MAX_DERIVED_KEYS) {
          truncated = true;
          continue;
        }
        seen.add(issued);
        queue.push(issued);
      }
    }
  }
  return { keys: [...seen], truncated };
}
