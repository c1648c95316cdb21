import {
  chainEntry,
  type TimelineDraft,
  type TimelineEntry,
  type TimelineEntryType,
  type TimelineWriter,
} from '../../domain/timeline.js';
import { isAuthentic, WRITERS_OF } from '../../domain/timeline-writers.js';
import type { TimelineAnchor } from '../../ports/timeline-anchor.js';
import type { TimelineSeal } from '../../ports/timeline-seal.js';
import { LocalTimelineKeys } from './local-timeline-keys.js';
import { MemoryTimelineAnchor } from './memory-timeline-anchor.js';

/** How a local timeline store seals and anchors: its keys, its anchor, and the writer it appends as. */
export interface LocalSealing {
  keys: { sealAs(writer: TimelineWriter): TimelineSeal };
  anchor: TimelineAnchor;
  /**
   * The writer this store appends as. Unset: each entry is sealed as the writer of its type (one process holds
   * every local key anyway); the local runtime gives each handler a store of its own writer instead.
   */
  writer?: TimelineWriter;
}

/** Fills in fresh keys and an in-memory anchor where none are given. */
export function localSealing(given: Partial<LocalSealing> = {}): LocalSealing {
  return {
    keys: given.keys ?? LocalTimelineKeys.random(),
    anchor: given.anchor ?? new MemoryTimelineAnchor(),
    ...(given.writer ? { writer: given.writer } : {}),
  };
}

/** The writer a local store seals an entry of `type` as: its own, or (unset) the type's writer. */
export function localWriterOf(
  sealing: Pick<LocalSealing, 'writer'>,
  type: TimelineEntryType,
): TimelineWriter {
  return sealing.writer ?? (WRITERS_OF[type][0] as TimelineWriter);
}

/** Chains drafts one after another after `previous` and seals them, all at once, as the store's writer. */
export function sealedEntries(
  sealing: LocalSealing,
  incidentId: string,
  previous: TimelineEntry | undefined,
  drafts: TimelineDraft[],
): Promise<TimelineEntry[]> {
  let last = previous;
  const chained = drafts.map((draft) => {
    const writer = localWriterOf(sealing, draft.type);
    last = chainEntry(incidentId, last, draft, writer);
    return last;
  });
  return Promise.all(
    chained.map(async (entry) => ({
      ...entry,
      seal: await sealing.keys.sealAs(entry.writer).seal(entry.hash),
    })),
  );
}

/** Whether an entry is authentic under the local keys. */
export function locallyAuthentic(sealing: LocalSealing, entry: TimelineEntry): Promise<boolean> {
  return isAuthentic(entry, (writer, hash, seal) => sealing.keys.sealAs(writer).verify(writer, hash, seal));
}
