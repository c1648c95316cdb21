import { AccessDeniedError, NotContainableError } from '../domain/errors.js';
import type { AuditEvent, AuditLookup, AuditTrail } from '../ports/audit-trail.js';
import type { ActionContext } from './action.js';
import { EVENTS_PER_LOOKUP, trailIn } from './audit.js';

/** The most keys followed from the traced ones (sessions of sessions, keys they created). */
const MAX_KEYS = 25;

/** Another account's CloudTrail, through its member role: out of reach without one. */
function otherTrail(context: ActionContext, account: string, region: string): AuditTrail {
  if (!context.auditTrailOf)
    throw new NotContainableError(`no CloudTrail of account ${account} is reachable`);
  return context.auditTrailOf(account, region);
}

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
  /** Keys whose account's CloudTrail Rekey could not read (`KEY in account ID: why`). */
  unreadable: string[];
  /** Every event the keys signed, by the account whose CloudTrail recorded it (oldest first). */
  eventsIn: Record<string, AuditEvent[]>;
}

/** A key to follow, and the account whose CloudTrail records its calls. */
export interface KeyIn {
  key: string;
  account: string;
}

/**
 * Follows the keys through the CloudTrail of the context's account (`home`), region by region, between the times:
 * every successful AssumeRole (the role and the session key it issued), GetSessionToken or GetFederationToken, and
 * CreateAccessKey, then what each key obtained did in turn, bounded. A session of a role in another account of the
 * organisation is followed in that account's CloudTrail (through the member role), where its calls are recorded.
 */
export async function traceKeys(
  context: ActionContext,
  home: string,
  traced: readonly (string | KeyIn)[],
  regions: readonly string[],
  from: Date,
  to: Date,
): Promise<KeyTrace> {
  const queue: KeyIn[] = [];
  const seen = new Set<string>();
  for (const each of traced) {
    const start = typeof each === 'string' ? { key: each, account: home } : each;
    if (seen.has(start.key)) continue;
    seen.add(start.key);
    queue.push(start);
  }
  const found: KeyTrace = {
    keys: [],
    assumedRoles: [],
    sessionKeys: [],
    createdKeys: [],
    calls: {},
    truncated: [],
    unreadable: [],
    eventsIn: {},
  };
  const trailOf = (account: string, region: string) =>
    account === home ? trailIn(context, region) : otherTrail(context, account, region);
  let capped = false;
  // Only what the traced keys obtained counts against the bound: many traced keys leave their chains followed.
  let followed = 0;
  while (queue.length > 0) {
    const { key, account } = queue.shift() as { key: string; account: string };
    let lookups: AuditLookup[];
    try {
      // Regions in parallel: LookupEvents' rate limit (2 requests a second) is per account and region.
      lookups = await Promise.all(
        regions.map((region) => trailOf(account, region).eventsByAccessKey(key, from, to, EVENTS_PER_LOOKUP)),
      );
    } catch (error) {
      if (!(error instanceof NotContainableError || error instanceof AccessDeniedError)) throw error;
      found.unreadable.push(`${key} in account ${account}: ${error.message}`);
      continue;
    }
    for (const [index, lookup] of lookups.entries()) {
      if (lookup.truncated) found.truncated.push(`${key} in ${regions[index]}`);
      found.eventsIn[account] = [...(found.eventsIn[account] ?? []), ...lookup.events];
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
        if (!derived || seen.has(derived)) continue;
        if (followed >= MAX_KEYS) {
          if (!capped) found.truncated.push(`the keys past the first ${MAX_KEYS} (Rekey follows no more)`);
          capped = true;
          continue;
        }
        seen.add(derived);
        followed += 1;
        // A role session's calls are recorded in the role's account; any other key's in this one.
        const there = event.issuedAccessKeyId ? event.assumedRoleArn?.split(':')[4] : undefined;
        queue.push({ key: derived, account: there ?? account });
      }
    }
  }
  found.keys = [...seen];
  for (const events of Object.values(found.eventsIn))
    events.sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  return found;
}
