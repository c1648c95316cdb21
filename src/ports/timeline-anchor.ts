import type { TimelineHead } from '../domain/timeline.js';

/**
 * Where each timeline's head is anchored at every append, outside the timeline's store and beyond the reach of its
 * writers to rewrite (deployed: one object per head in a bucket with Object Lock), so a cut tail or an emptied
 * timeline shows.
 */
export interface TimelineAnchor {
  /** Anchors a head; older heads stay anchored. */
  record(incidentId: string, head: TimelineHead): Promise<void>;
  /** Every head ever anchored for the incident, in no particular order. */
  heads(incidentId: string): Promise<TimelineHead[]>;
}
