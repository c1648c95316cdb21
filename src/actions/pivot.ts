import { pivot } from '../domain/actions.js';
import type { Action } from './action.js';
import { EVENTS_PER_LOOKUP, LONGEST_SESSION_MS, regionsToSearch, trailIn } from './audit.js';

const MAX_KEYS = 25;

/**
 * From an access key id (or several, traced together: every exposed key of a user), what it did and which roles it
 * assumed: CloudTrail lookups in every region (given, or enabled), since the longest a session it minted lives (36
 * hours), following the session keys it obtained (AssumeRole, GetSessionToken, GetFederationToken) and the access
 * keys it created to what they did in turn, bounded. The sessions found are what revoking must reach too.
 */
export const pivotAction: Action<typeof pivot> = {
  descriptor: pivot,
  plan: () => ({}),
  calls: async () => [],
  async apply({ accessKeyId, accessKeyIds, since, regions: given }, _plan, context) {
    const traced = accessKeyIds ?? (accessKeyId ? [accessKeyId] : []);
    const regions = await regionsToSearch(context, given);
    const from = since ? new Date(since) : new Date(context.clock.now().getTime() - LONGEST_SESSION_MS);
    const to = context.clock.now();
    const queue = [...new Set(traced)];
    const seen = new Set(queue);
    const assumedRoles: Array<{ roleArn: string; sessionKeyId?: string; at: string; by: string }> = [];
    const sessionKeys: Array<{ sessionKeyId: string; at: string; by: string }> = [];
    const createdKeys: Array<{ accessKeyId: string; at: string; by: string }> = [];
    const calls: Record<string, number> = {};
    const truncatedLookups: string[] = [];
    while (queue.length > 0) {
      const key = queue.shift() as string;
      for (const region of regions) {
        const lookup = await trailIn(context, region).eventsByAccessKey(key, from, to, EVENTS_PER_LOOKUP);
        if (lookup.truncated) truncatedLookups.push(`${key} in ${region}`);
        for (const event of lookup.events) {
          const name = `${event.eventSource.split('.')[0]}:${event.eventName}`;
          calls[name] = (calls[name] ?? 0) + 1;
          if (event.errorCode) continue;
          if (event.assumedRoleArn) {
            assumedRoles.push({
              roleArn: event.assumedRoleArn,
              ...(event.issuedAccessKeyId ? { sessionKeyId: event.issuedAccessKeyId } : {}),
              at: event.eventTime,
              by: key,
            });
          } else if (event.issuedAccessKeyId) {
            sessionKeys.push({ sessionKeyId: event.issuedAccessKeyId, at: event.eventTime, by: key });
          }
          if (event.createdAccessKeyId)
            createdKeys.push({ accessKeyId: event.createdAccessKeyId, at: event.eventTime, by: key });
          // A key the credentials created is theirs too: what it did and assumed is followed like a session's.
          const derived = event.issuedAccessKeyId ?? event.createdAccessKeyId;
          if (derived && !seen.has(derived) && seen.size < MAX_KEYS) {
            seen.add(derived);
            queue.push(derived);
          }
        }
      }
    }
    const roles = [...new Set(assumedRoles.map((r) => r.roleArn))];
    const total = Object.values(calls).reduce((a, b) => a + b, 0);
    return {
      status: 'unchanged',
      summary: `${traced.join(', ')} made ${total} call(s) since ${from.toISOString()}; assumed ${roles.length} role(s)${roles.length ? `: ${roles.join(', ')}` : ''}; obtained ${sessionKeys.length} session token(s)${createdKeys.length ? `; created ${createdKeys.length} access key(s): ${createdKeys.map((k) => k.accessKeyId).join(', ')}` : ''}${truncatedLookups.length ? `; INCOMPLETE: more than ${EVENTS_PER_LOOKUP} events for ${truncatedLookups.join(', ')}, the oldest unread` : ''}`,
      facts: {
        keys: [...seen],
        assumedRoles,
        roles: roles.map((arn) => ({
          kind: 'role',
          name: arn.split('/').at(-1) ?? arn,
          arn,
          accountId: arn.split(':')[4],
        })),
        sessionKeys,
        createdKeys,
        calls,
        regions,
        truncated: truncatedLookups,
      },
    };
  },
};
