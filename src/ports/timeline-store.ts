import type {
  TimelineDraft,
  TimelineEntry,
  TimelineEntryType,
  TimelineHead,
  TimelineWriter,
} from '../domain/timeline.js';

/** The append-only, hash-chained, sealed and anchored timeline of each incident. */
export interface TimelineStore {
  /**
   * Appends after the current head (a conditional write on the next sequence number, retried on conflict), sealed
   * as this store's writer, and starts anchoring the new head (`flush` waits for it).
   */
  append(incidentId: string, draft: TimelineDraft): Promise<TimelineEntry>;
  /** Appends the drafts one after another in one write, all or none, as `append` does one (at most 100). */
  appendAll(incidentId: string, drafts: TimelineDraft[]): Promise<TimelineEntry[]>;
  /** Waits until every head this store appended is anchored: a function calls it before it returns. */
  flush(): Promise<void>;
  /** Every entry as stored, authentic or not. */
  list(incidentId: string): Promise<TimelineEntry[]>;
  /** Every incident with a timeline (for reviews over many incidents). */
  incidents(): Promise<string[]>;
  /** Whether the entry's seal is its writer's and its writer may write its type. */
  authentic(entry: TimelineEntry): Promise<boolean>;
  /** The writer this store seals an entry of `type` as (the function it belongs to). */
  sealsAs(type: TimelineEntryType): TimelineWriter;
  /** Every head anchored for the incident outside the store. */
  anchoredHeads(incidentId: string): Promise<TimelineHead[]>;
}
