import type { ActionContext } from './action.js';
import { EVENTS_PER_LOOKUP, trailIn } from './audit.js';

/** The most keys followed from the traced ones (sessions of sessions, keys they created). */
const MAX_KEYS = 25;

/** What keys did in CloudTrail: the roles they assumed, the sessions and keys they obtained, their calls by name. */
export interface KeyTrace {
  /** Every key followed: the traced ones, then what they obtained. */
  keys: string[];
  assumedRoles: Array<{ roleArn: string; sessionKeyId?: string; at: string; by: string }>;
  sessionKeys: Array<{ sessionKeyId: string; at: string; by: string }>;
  createdKeys: Array<{ accessKeyId: string; at: string; by: string }>;
  calls: Record<string, number>;
  /** The lookups that held more events than read (`KEY in REGION`): the oldest of those unread. */
  truncated: string[];
}

/**
 * Follows the keys through the CloudTrail of the context's account, region by region, between the times: every
 * successful AssumeRole (the role and the session key it issued), GetSessionToken or GetFederationToken, and
 * CreateAccessKey, then what each key obtained did in turn, bounded.
 */
export async function traceKeys(
  context: ActionContext,
  traced: readonly string[],
  regions: readonly string[],
  from: Date,
  to: Date,
): Promise<KeyTrace> {
  const queue = [...new Set(traced)];
  const seen = new Set(queue);
  const found: KeyTrace = {
    keys: [],
    assumedRoles: [],
    sessionKeys: [],
    createdKeys: [],
    calls: {},
    truncated: [],
  };
  while (queue.length > 0) {
    const key = queue.shift() as string;
    // Regions in parallel: LookupEvents' rate limit (2 requests a second) is per account and region.
    const lookups = await Promise.all(
      regions.map((region) => trailIn(context, region).eventsByAccessKey(key, from, to, EVENTS_PER_LOOKUP)),
    );
    for (const [index, lookup] of lookups.entries()) {
      if (lookup.truncated) found.truncated.push(`${key} in ${regions[index]}`);
      for (const event of lookup.events) {
        const name = `${event.eventSource.split('.')[0]}:${event.eventName}`;
        found.calls[name] = (found.calls[name] ?? 0) + 1;
        if (event.errorCode) continue;
        if (event.assumedRoleArn) {
          found.assumedRoles.push({
            roleArn: event.assumedRoleArn,
            ...(event.issuedAccessKeyId ? { sessionKeyId: event.issuedAccessKeyId } : {}),
            at: event.eventTime,
            by: key,
          });
        } else if (event.issuedAccessKeyId) {
          found.sessionKeys.push({ sessionKeyId: event.issuedAccessKeyId, at: event.eventTime, by: key });
        }
        if (event.createdAccessKeyId)
          found.createdKeys.push({ accessKeyId: event.createdAccessKeyId, at: event.eventTime, by: key });
        // A key the credentials created is theirs too: what it did and assumed is followed like a session's.
        const derived = event.issuedAccessKeyId ?? event.createdAccessKeyId;
        if (derived && !seen.has(derived) && seen.size < MAX_KEYS) {
          seen.add(derived);
          queue.push(derived);
        }
      }
    }
  }
  found.keys = [...seen];
  return found;
}
