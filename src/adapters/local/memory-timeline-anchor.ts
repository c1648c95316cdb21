import type { TimelineHead } from '../../domain/timeline.js';
import type { TimelineAnchor } from '../../ports/timeline-anchor.js';

/** Anchored heads in memory: for tests and benchmarks. */
export class MemoryTimelineAnchor implements TimelineAnchor {
  private readonly anchored = new Map<string, TimelineHead[]>();

  async record(incidentId: string, head: TimelineHead): Promise<void> {
    const heads = this.anchored.get(incidentId);
    // In place: `heads` hands out copies, and a copy per record made a long timeline quadratic to anchor.
    if (heads) heads.push({ ...head });
    else this.anchored.set(incidentId, [{ ...head }]);
  }

  async heads(incidentId: string): Promise<TimelineHead[]> {
    return [...(this.anchored.get(incidentId) ?? [])];
  }
}
