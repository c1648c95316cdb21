import { findPersistence } from '../domain/actions.js';
import { describeArtefact } from '../domain/persistence.js';
import type { Action } from './action.js';
import { derivedKeys, EVENTS_PER_LOOKUP, eventsOf, LONGEST_SESSION_MS, regionsToSearch } from './audit.js';
import { persistenceOf } from './persistence.js';

/**
 * What the exposed keys, every session they minted and every key they created did to keep their access, found in
 * CloudTrail since the longest such session lives (36 hours) in every region: the artefacts a sweep neutralises
 * (one item each, so nobody is asked when there is none), and the calls left to people.
 */
export const findPersistenceAction: Action<typeof findPersistence> = {
  descriptor: findPersistence,
  plan: () => ({}),
  calls: async () => [],
  async apply({ accountId, accessKeyIds, since, regions: given }, _plan, context) {
    const regions = await regionsToSearch(context, given);
    const to = context.clock.now();
    const from = since ? new Date(since) : new Date(to.getTime() - LONGEST_SESSION_MS);
    const keys = accessKeyIds.filter((k): k is string => k !== null);
    const derived = await derivedKeys(context, keys, regions, from, to);
    const lookup = await eventsOf(context, derived.keys, regions, from, to);
    const { artefacts, toReview } = persistenceOf(lookup.events, accountId);
    const incomplete = derived.truncated || lookup.truncated;
    const found = artefacts.map((a) => `${describeArtefact(a)} (${a.call} by ${a.by} at ${a.at})`);
    return {
      status: 'unchanged',
      summary: `${artefacts.length ? `Found ${artefacts.length} thing(s) ${derived.keys.join(', ')} created or changed to keep access: ${found.join('; ')}` : `${derived.keys.join(', ')} created nothing to keep access`} since ${from.toISOString()}${toReview.length ? `; to review by hand: ${toReview.join('; ')}` : ''}${incomplete ? `; INCOMPLETE: CloudTrail held more than ${EVENTS_PER_LOOKUP} events for a key, or more keys than Rekey follows: look from ${from.toISOString()} by hand` : ''}`,
      facts: { keys: derived.keys, artefacts, toReview, incomplete, since: from.toISOString() },
    };
  },
};
