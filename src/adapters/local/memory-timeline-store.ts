import {
  type TimelineDraft,
  TimelineDraftSchema,
  type TimelineEntry,
  type TimelineEntryType,
  type TimelineHead,
  type TimelineWriter,
} from '../../domain/timeline.js';
import type { TimelineStore } from '../../ports/timeline-store.js';
import { KeyedMutex } from './json-files.js';
import {
  type LocalSealing,
  locallyAuthentic,
  localSealing,
  localWriterOf,
  sealedEntries,
} from './local-sealing.js';

/** What every writer's view of the same memory timelines shares. */
interface Shared {
  /** Heads being anchored: off the path of the next write, awaited by `flush`. */
  anchoring: Promise<unknown>;
  timelines: Map<string, TimelineEntry[]>;
  mutex: KeyedMutex;
}

/** Timelines in memory: for tests and benchmarks, chained, sealed and anchored as every other store. */
export class MemoryTimelineStore implements TimelineStore {
  private readonly sealing: LocalSealing;

  constructor(
    sealing: Partial<LocalSealing> = {},
    private readonly shared: Shared = {
      timelines: new Map(),
      mutex: new KeyedMutex(),
      anchoring: Promise.resolve(),
    },
  ) {
    this.sealing = localSealing(sealing);
  }

  /** The same timelines, appended to as `writer`. */
  as(writer: TimelineWriter): MemoryTimelineStore {
    return new MemoryTimelineStore({ ...this.sealing, writer }, this.shared);
  }

  async append(incidentId: string, draft: TimelineDraft): Promise<TimelineEntry> {
    const [entry] = await this.appendAll(incidentId, [draft]);
    return entry as TimelineEntry;
  }

  appendAll(incidentId: string, drafts: TimelineDraft[]): Promise<TimelineEntry[]> {
    const parsed = drafts.map((d) => TimelineDraftSchema.parse(d));
    return this.shared.mutex.run(incidentId, async () => {
      const entries = this.shared.timelines.get(incidentId) ?? [];
      const added = await sealedEntries(this.sealing, incidentId, entries.at(-1), parsed);
      const head = added.at(-1);
      if (!head) return added;
      // In place: `list` hands out copies, and a copy per append made a long timeline quadratic to write.
      entries.push(...added);
      this.shared.timelines.set(incidentId, entries);
      this.shared.anchoring = Promise.all([
        this.shared.anchoring,
        this.sealing.anchor.record(incidentId, { count: head.seq, hash: head.hash }),
      ]);
      // A failure is reported by `flush`, not as an unhandled rejection.
      this.shared.anchoring.catch(() => undefined);
      return added;
    });
  }

  async list(incidentId: string): Promise<TimelineEntry[]> {
    return [...(this.shared.timelines.get(incidentId) ?? [])];
  }

  async incidents(): Promise<string[]> {
    return [...this.shared.timelines.keys()].sort();
  }

  async flush(): Promise<void> {
    const pending = this.shared.anchoring;
    this.shared.anchoring = Promise.resolve();
    await pending;
  }

  authentic(entry: TimelineEntry): Promise<boolean> {
    return locallyAuthentic(this.sealing, entry);
  }

  sealsAs(type: TimelineEntryType): TimelineWriter {
    return localWriterOf(this.sealing, type);
  }

  anchoredHeads(incidentId: string): Promise<TimelineHead[]> {
    return this.sealing.anchor.heads(incidentId);
  }

  /** Replaces an incident's stored entries as they are (a test playing an attacker who can write the store). */
  overwrite(incidentId: string, entries: TimelineEntry[]): void {
    this.shared.timelines.set(incidentId, [...entries]);
  }
}
