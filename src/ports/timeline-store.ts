import type { TimelineDraft, TimelineEntry } from '../domain/timeline.js';

/** The append-only, hash-chained timeline of each incident. */
export interface TimelineStore {
  /** Appends after the current head (a conditional write on the next sequence number, retried on conflict). */
  append(incidentId: string, draft: TimelineDraft): Promise<TimelineEntry>;
  list(incidentId: string): Promise<TimelineEntry[]>;
  /** Every incident with a timeline (for reviews over many incidents). */
  incidents(): Promise<string[]>;
}
