import type { TimelineEntry } from '../../domain/timeline.js';
import type { TimelineStore } from '../../ports/timeline-store.js';

/** An incident's timeline as a review reads it: every entry as stored, and those no allowed writer sealed. */
export interface ReviewedTimeline {
  entries: readonly TimelineEntry[];
  /** Entries not sealed by a writer allowed to write their type: shown as such, never believed. */
  unsealed: ReadonlySet<TimelineEntry>;
}

/**
 * Reads an incident's timeline and checks every entry's seal: anyone who can write the table can chain an entry
 * (an `incident-closed` saying `contained`, a change that never happened), and a review must not believe it.
 */
export async function reviewedTimeline(store: TimelineStore, incidentId: string): Promise<ReviewedTimeline> {
  const entries = await store.list(incidentId);
  const authentic = await Promise.all(entries.map((e) => store.authentic(e)));
  return { entries, unsealed: new Set(entries.filter((_, i) => !authentic[i])) };
}
