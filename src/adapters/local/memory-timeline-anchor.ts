import type { TimelineHead } from '../../domain/timeline.js';
import type { TimelineAnchor } from '../../ports/timeline-anchor.js';

/** Anchored heads in memory: for tests and benchmarks. */
export class MemoryTimelineAnchor implements TimelineAnchor {
  private readonly anchored = new Map<string, TimelineHead[]>();

  async record(incidentId: string, head: TimelineHead): Promise<void> {
    this.anchored.set(incidentId, [...(this.anchored.get(incidentId) ?? []), { ...head }]);
  }

  async heads(incidentId: string): Promise<TimelineHead[]> {
    return [...(this.anchored.get(incidentId) ?? [])];
  }
}
