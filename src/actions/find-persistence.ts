import { findPersistence } from '../domain/actions.js';
import { describeArtefact } from '../domain/persistence.js';
import type { Action } from './action.js';
import { EVENTS_PER_LOOKUP, LONGEST_SESSION_MS, regionsToSearch } from './audit.js';
import { traceKeys } from './key-trace.js';
import { persistenceOf } from './persistence.js';

/**
 * What the exposed keys, every session they minted and every key they created did to keep their access, found in
 * CloudTrail since the longest such session lives (36 hours) in every region: the artefacts a sweep neutralises
 * (one item each, so nobody is asked when there is none, each naming its account), and the calls left to people.
 * Each key is read in the account whose CloudTrail records its calls: a session of a role in another account of the
 * organisation there, and a session's origin key (`origin`) in its own account.
 */
export const findPersistenceAction: Action<typeof findPersistence> = {
  descriptor: findPersistence,
  plan: () => ({}),
  calls: async () => [],
  async apply({ accountId, accessKeyIds, origin, since, regions: given }, _plan, context) {
    const regions = await regionsToSearch(context, given);
    const to = context.clock.now();
    const from = since ? new Date(since) : new Date(to.getTime() - LONGEST_SESSION_MS);
    const keys = accessKeyIds.filter((k): k is string => k !== null);
    const start = [
      ...keys,
      ...(origin?.accessKeyId && origin.accountId
        ? [{ key: origin.accessKeyId, account: origin.accountId }]
        : []),
    ];
    const traced = await traceKeys(context, accountId, start, regions, from, to);
    const artefacts = [];
    const toReview = traced.unreadable.map((why) => `the calls of ${why} (CloudTrail Rekey cannot read)`);
    for (const [account, events] of Object.entries(traced.eventsIn)) {
      const found = persistenceOf(events, account);
      artefacts.push(...found.artefacts);
      toReview.push(...found.toReview.map((r) => (account === accountId ? r : `${r} (account ${account})`)));
    }
    const incomplete = traced.truncated.length > 0;
    const listed = artefacts.map(
      (a) =>
        `${describeArtefact(a)} (${a.call} by ${a.by} at ${a.at}${a.accountId !== accountId ? `, account ${a.accountId}` : ''})`,
    );
    const who = traced.keys.join(', ');
    return {
      status: 'unchanged',
      summary: `${artefacts.length ? `Found ${artefacts.length} thing(s) ${who} created or changed to keep access: ${listed.join('; ')}` : `${who} created nothing to keep access`} since ${from.toISOString()}${toReview.length ? `; to review by hand: ${toReview.join('; ')}` : ''}${incomplete ? `; INCOMPLETE: CloudTrail held more than ${EVENTS_PER_LOOKUP} events for a key, or more keys than Rekey follows: look from ${from.toISOString()} by hand` : ''}`,
      facts: { keys: traced.keys, artefacts, toReview, incomplete, since: from.toISOString() },
    };
  },
};
