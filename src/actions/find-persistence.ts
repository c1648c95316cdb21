import { findPersistence } from '../domain/actions.js';
import { AccessDeniedError, NotContainableError } from '../domain/errors.js';
import { describeArtefact, type PersistenceArtefact } from '../domain/persistence.js';
import type { Action, ActionContext } from './action.js';
import { derivedKeys, EVENTS_PER_LOOKUP, eventsOf, LONGEST_SESSION_MS, regionsToSearch } from './audit.js';
import { persistenceOf } from './persistence.js';
import { inAccountOf } from './session-chain.js';

/** What the keys and all they obtained left behind in one account's CloudTrail. */
async function foundIn(
  context: ActionContext,
  accountId: string,
  keys: string[],
  regions: readonly string[],
  from: Date,
  to: Date,
): Promise<{ keys: string[]; artefacts: PersistenceArtefact[]; toReview: string[]; incomplete: boolean }> {
  const derived = await derivedKeys(context, keys, regions, from, to);
  const lookup = await eventsOf(context, derived.keys, regions, from, to);
  return {
    keys: derived.keys,
    ...persistenceOf(lookup.events, accountId),
    incomplete: derived.truncated || lookup.truncated,
  };
}

/**
 * What the exposed keys, every session they minted and every key they created did to keep their access, found in
 * CloudTrail since the longest such session lives (36 hours) in every region: the artefacts a sweep neutralises
 * (one item each, so nobody is asked when there is none, each naming its account), and the calls left to people.
 * A session's origin key in another account is searched in that account's CloudTrail, where its calls are.
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
    const elsewhere = origin?.accessKeyId && origin.accountId !== accountId ? origin : undefined;
    if (origin?.accessKeyId && !elsewhere) keys.push(origin.accessKeyId);
    const found = await foundIn(context, accountId, keys, regions, from, to);
    if (elsewhere?.accessKeyId) {
      try {
        const there = inAccountOf(context, accountId, elsewhere.accountId);
        const more = await foundIn(there, elsewhere.accountId, [elsewhere.accessKeyId], regions, from, to);
        found.keys.push(...more.keys);
        found.artefacts.push(...more.artefacts);
        found.toReview.push(...more.toReview.map((r) => `${r} (account ${elsewhere.accountId})`));
        found.incomplete ||= more.incomplete;
      } catch (error) {
        if (!(error instanceof NotContainableError || error instanceof AccessDeniedError)) throw error;
        found.toReview.push(
          `what ${elsewhere.accessKeyId} did in account ${elsewhere.accountId}, whose CloudTrail Rekey cannot read (${error.message})`,
        );
      }
    }
    const { artefacts, toReview, incomplete } = found;
    const listed = artefacts.map(
      (a) =>
        `${describeArtefact(a)} (${a.call} by ${a.by} at ${a.at}${a.accountId !== accountId ? `, account ${a.accountId}` : ''})`,
    );
    const who = found.keys.join(', ');
    return {
      status: 'unchanged',
      summary: `${artefacts.length ? `Found ${artefacts.length} thing(s) ${who} created or changed to keep access: ${listed.join('; ')}` : `${who} created nothing to keep access`} since ${from.toISOString()}${toReview.length ? `; to review by hand: ${toReview.join('; ')}` : ''}${incomplete ? `; INCOMPLETE: CloudTrail held more than ${EVENTS_PER_LOOKUP} events for a key, or more keys than Rekey follows: look from ${from.toISOString()} by hand` : ''}`,
      facts: { keys: found.keys, artefacts, toReview, incomplete, since: from.toISOString() },
    };
  },
};
