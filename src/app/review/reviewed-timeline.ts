import { type TimelineEntry, verifyChain } from '../../domain/timeline.js';
import type { TimelineStore } from '../../ports/timeline-store.js';
import { authenticity } from '../authenticity.js';

/** An incident's timeline as a review reads it: every entry as stored, and those no allowed writer sealed. */
export interface ReviewedTimeline {
  entries: readonly TimelineEntry[];
  /** Entries not sealed by a writer allowed to write their type: shown as such, never believed. */
  unsealed: ReadonlySet<TimelineEntry>;
  /** Where the chain breaks (an entry removed or reordered between sealed ones): `entry N: why`. */
  breaks?: readonly string[];
}

/**
 * Reads an incident's timeline and checks every entry's seal: anyone who can write the table can chain an entry
 * (an `incident-closed` saying `contained`, a change that never happened), and a review must not believe it.
 */
export async function reviewedTimeline(store: TimelineStore, incidentId: string): Promise<ReviewedTimeline> {
  const entries = await store.list(incidentId);
  const authentic = await authenticity(store, entries);
  const breaks = verifyChain(entries).map((b) => `entry ${b.seq}: ${b.problem}`);
  return { entries, unsealed: new Set(entries.filter((_, i) => !authentic[i])), breaks };
}
