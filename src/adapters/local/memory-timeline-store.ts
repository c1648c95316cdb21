import {
  chainEntry,
  type TimelineDraft,
  TimelineDraftSchema,
  type TimelineEntry,
} from '../../domain/timeline.js';
import type { TimelineStore } from '../../ports/timeline-store.js';

/** Timelines in memory: for tests and benchmarks, with the same chaining as every other store. */
export class MemoryTimelineStore implements TimelineStore {
  private readonly timelines = new Map<string, TimelineEntry[]>();

  async append(incidentId: string, draft: TimelineDraft): Promise<TimelineEntry> {
    const entries = this.timelines.get(incidentId) ?? [];
    const entry = chainEntry(incidentId, entries.at(-1), TimelineDraftSchema.parse(draft));
    entries.push(entry);
    this.timelines.set(incidentId, entries);
    return entry;
  }

  async list(incidentId: string): Promise<TimelineEntry[]> {
    return [...(this.timelines.get(incidentId) ?? [])];
  }

  async incidents(): Promise<string[]> {
    return [...this.timelines.keys()].sort();
  }
}
