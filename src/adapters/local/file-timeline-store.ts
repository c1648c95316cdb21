import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InvalidInputError } from '../../domain/errors.js';
import {
  type TimelineDraft,
  TimelineDraftSchema,
  type TimelineEntry,
  type TimelineEntryType,
  type TimelineHead,
  type TimelineWriter,
} from '../../domain/timeline.js';
import type { TimelineStore } from '../../ports/timeline-store.js';
import { FileTimelineAnchor } from './file-timeline-anchor.js';
import { KeyedMutex } from './json-files.js';
import { type LocalSealing, locallyAuthentic, localWriterOf, sealedEntries } from './local-sealing.js';
import { LocalTimelineKeys } from './local-timeline-keys.js';

/** What every writer's view of the same folder shares: its lock, its listeners and its sealing. */
interface Shared {
  /** Heads being anchored: off the path of the next write, awaited by `flush`. */
  anchoring: Promise<unknown>;
  mutex: KeyedMutex;
  listeners: Array<(entry: TimelineEntry) => void>;
  sealing: Promise<LocalSealing>;
}

/**
 * Timelines as JSON Lines files, one per incident; appends are serialised per incident within the process. Beside
 * the folder: the local writers' key file (`timeline-keys`) and the anchored heads (`anchors/`), unless given.
 */
export class FileTimelineStore implements TimelineStore {
  private readonly shared: Shared;

  constructor(
    private readonly directory: string,
    sealing: Partial<LocalSealing> = {},
    private readonly writer?: TimelineWriter,
    shared?: Shared,
  ) {
    const beside = dirname(directory);
    this.shared = shared ?? {
      anchoring: Promise.resolve(),
      mutex: new KeyedMutex(),
      listeners: [],
      sealing: (async () => ({
        keys: sealing.keys ?? (await LocalTimelineKeys.inFile(join(beside, 'timeline-keys'))),
        anchor: sealing.anchor ?? new FileTimelineAnchor(join(beside, 'anchors')),
      }))(),
    };
  }

  /** The same timelines, appended to as `writer`. */
  as(writer: TimelineWriter): FileTimelineStore {
    return new FileTimelineStore(this.directory, {}, writer, this.shared);
  }

  /** Calls `listener` after every append (the drill prints the incident as it unfolds). */
  onAppend(listener: (entry: TimelineEntry) => void): void {
    this.shared.listeners.push(listener);
  }

  /** The file an incident's timeline is kept in. */
  pathOf(incidentId: string): string {
    return join(this.directory, `${incidentId}.jsonl`);
  }

  private async sealing(): Promise<LocalSealing> {
    const sealing = await this.shared.sealing;
    return this.writer ? { ...sealing, writer: this.writer } : sealing;
  }

  async append(incidentId: string, draft: TimelineDraft): Promise<TimelineEntry> {
    const [entry] = await this.appendAll(incidentId, [draft]);
    return entry as TimelineEntry;
  }

  appendAll(incidentId: string, drafts: TimelineDraft[]): Promise<TimelineEntry[]> {
    const parsed = drafts.map((d) => TimelineDraftSchema.parse(d));
    return this.shared.mutex.run(incidentId, async () => {
      const sealing = await this.sealing();
      const entries = await this.list(incidentId);
      const added = await sealedEntries(sealing, incidentId, entries.at(-1), parsed);
      const head = added.at(-1);
      if (!head) return added;
      await mkdir(this.directory, { recursive: true });
      await appendFile(this.pathOf(incidentId), added.map((e) => `${JSON.stringify(e)}\n`).join(''));
      this.shared.anchoring = Promise.all([
        this.shared.anchoring,
        sealing.anchor.record(incidentId, { count: head.seq, hash: head.hash }),
      ]);
      // A failure is reported by `flush`, not as an unhandled rejection.
      this.shared.anchoring.catch(() => undefined);
      for (const entry of added) for (const listener of this.shared.listeners) listener(entry);
      return added;
    });
  }

  async list(incidentId: string): Promise<TimelineEntry[]> {
    let text: string;
    try {
      text = await readFile(this.pathOf(incidentId), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return text.split('\n').flatMap((line, index) => {
      if (line.trim() === '') return [];
      try {
        return [JSON.parse(line) as TimelineEntry];
      } catch (error) {
        throw new InvalidInputError(
          `${this.pathOf(incidentId)}, line ${index + 1}: not a timeline entry (${(error as Error).message})`,
        );
      }
    });
  }

  async incidents(): Promise<string[]> {
    try {
      return (await readdir(this.directory))
        .filter((f) => f.endsWith('.jsonl'))
        .map((f) => f.slice(0, -'.jsonl'.length))
        .sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async flush(): Promise<void> {
    const pending = this.shared.anchoring;
    this.shared.anchoring = Promise.resolve();
    await pending;
  }

  async authentic(entry: TimelineEntry): Promise<boolean> {
    return locallyAuthentic(await this.sealing(), entry);
  }

  sealsAs(type: TimelineEntryType): TimelineWriter {
    return localWriterOf({ ...(this.writer ? { writer: this.writer } : {}) }, type);
  }

  async anchoredHeads(incidentId: string): Promise<TimelineHead[]> {
    return (await this.sealing()).anchor.heads(incidentId);
  }
}
