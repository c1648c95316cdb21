import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  chainEntry,
  type TimelineDraft,
  TimelineDraftSchema,
  type TimelineEntry,
} from '../../domain/timeline.js';
import type { TimelineStore } from '../../ports/timeline-store.js';
import { KeyedMutex } from './json-files.js';

/** Timelines as JSON Lines files, one per incident; appends are serialised per incident within the process. */
export class FileTimelineStore implements TimelineStore {
  private readonly mutex = new KeyedMutex();
  private readonly listeners: Array<(entry: TimelineEntry) => void> = [];

  constructor(private readonly directory: string) {}

  /** Calls `listener` after every append (the drill prints the incident as it unfolds). */
  onAppend(listener: (entry: TimelineEntry) => void): void {
    this.listeners.push(listener);
  }

  /** The file an incident's timeline is kept in. */
  pathOf(incidentId: string): string {
    return join(this.directory, `${incidentId}.jsonl`);
  }

  append(incidentId: string, draft: TimelineDraft): Promise<TimelineEntry> {
    const parsed = TimelineDraftSchema.parse(draft);
    return this.mutex.run(incidentId, async () => {
      const entries = await this.list(incidentId);
      const entry = chainEntry(incidentId, entries.at(-1), parsed);
      await mkdir(this.directory, { recursive: true });
      await appendFile(this.pathOf(incidentId), `${JSON.stringify(entry)}\n`);
      for (const listener of this.listeners) listener(entry);
      return entry;
    });
  }

  async list(incidentId: string): Promise<TimelineEntry[]> {
    try {
      const text = await readFile(this.pathOf(incidentId), 'utf8');
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as TimelineEntry);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
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
}
