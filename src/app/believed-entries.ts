import type { TimelineEntry, TimelineEntryType } from '../domain/timeline.js';
import type { TimelineStore } from '../ports/timeline-store.js';
import { authenticity } from './authenticity.js';

/**
 * An incident's entries of the given types that Rekey may act on: sealed by a writer allowed to write them. A
 * forged entry (anyone who can write the table can chain one) is left out, never believed; `review --verify`
 * names it.
 */
export async function believedEntries(
  timeline: TimelineStore,
  incidentId: string,
  types: readonly TimelineEntryType[],
): Promise<TimelineEntry[]> {
  const candidates = (await timeline.list(incidentId)).filter((e) => types.includes(e.type));
  const authentic = await authenticity(timeline, candidates);
  return candidates.filter((_, i) => authentic[i]);
}
