import { type InventoryReport, takeKeyInventory } from '../app/key-inventory.js';
import { type TriageDeps, type TriageResult, triage } from '../app/triage.js';
import { InvalidInputError } from '../domain/errors.js';
import { assertShallow } from '../domain/json-limits.js';
import type { DeadLetters } from '../ports/dead-letters.js';
import type { Log } from '../ports/log.js';
import type { TimelineStore } from '../ports/timeline-store.js';
import { anchoredBeforeReturning } from './anchored.js';
import { isDrillEvent, unwrapDrillEvent } from './drill-event.js';

/**
 * How a drill is triaged: marked a drill (its playbooks only simulate), delivered by Rekey's own account (never by
 * the account the event inside names), which may report about any account, since nothing a drill does changes it.
 */
function drillDeps(deps: TriageDeps & { ownAccountId?: string }, event: unknown): TriageDeps {
  const own = deps.ownAccountId ?? '';
  return {
    ...deps,
    drill: true,
    deliveredBy: String((event as { account?: unknown }).account),
    administratorAccounts: [...(deps.administratorAccounts ?? []), own],
  };
}

/** What the triage handler answers: what it did, or why it rejected the event (which was kept), or an inventory. */
export type TriageHandlerResult = TriageResult | { rejected: string } | { inventory: InventoryReport };

/** EventBridge's scheduled event (only AWS puts `aws.events`): the key inventory's schedule. */
const isSchedule = (event: unknown) => {
  const e = event as { source?: unknown; 'detail-type'?: unknown } | null;
  return e?.source === 'aws.events' && e['detail-type'] === 'Scheduled Event';
};

/**
 * The triage function (an EventBridge rule target). A malformed event is rejected with the reason and kept
 * in the dead letters; it never throws for bad input, so EventBridge does not retry it and nothing is contained.
 */
export function createTriageHandler(
  deps: TriageDeps & {
    /** Deployed, every signal is recorded. */
    timeline: TimelineStore;
    deadLetters: DeadLetters;
    log: Log;
    /** Rekey's own account: the only one whose drill events are taken (none without it). */
    ownAccountId?: string;
    /** The accounts whose keys the scheduled key inventory lists into `keyOwners`; none without it. */
    inventoryAccounts?: string[];
  },
) {
  return anchoredBeforeReturning(deps.timeline, async (event: unknown): Promise<TriageHandlerResult> => {
    const { keyOwners, identityFor, inventoryAccounts = [] } = deps;
    if (isSchedule(event) && keyOwners && identityFor) {
      const inventory = await takeKeyInventory(inventoryAccounts, identityFor, keyOwners);
      deps.log.info('key inventory taken', { inventory });
      return { inventory };
    }
    try {
      // A live drill's event: the original inside, triaged as a drill (its incidents are marked, kept apart from
      // real ones, and their playbooks only simulate). This is the first of two independent drill checks.
      // Before the drill's patterns or anything else walks it: hostile nesting is rejected and kept, not retried.
      assertShallow(event, 'the event');
      const result = isDrillEvent(event)
        ? await triage(unwrapDrillEvent(event, deps.settings, deps.ownAccountId), drillDeps(deps, event))
        : await triage(event, deps);
      for (const signal of result.signals)
        deps.log.info('signal triaged', { eventId: result.eventId, ...signal });
      return result;
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      deps.log.warn('event rejected', { reason: error.message });
      await deps.deadLetters.keep(event, error.message);
      return { rejected: error.message };
    }
  });
}
