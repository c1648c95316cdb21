import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TimelineHead } from '../../domain/timeline.js';
import type { TimelineAnchor } from '../../ports/timeline-anchor.js';

/** Anchored heads as an append-only JSON Lines file per incident, in a folder beside the timelines. */
export class FileTimelineAnchor implements TimelineAnchor {
  constructor(private readonly directory: string) {}

  private pathOf(incidentId: string): string {
    return join(this.directory, `${incidentId}.jsonl`);
  }

  async record(incidentId: string, head: TimelineHead): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    await appendFile(this.pathOf(incidentId), `${JSON.stringify({ count: head.count, hash: head.hash })}\n`);
  }

  async heads(incidentId: string): Promise<TimelineHead[]> {
    let text: string;
    try {
      text = await readFile(this.pathOf(incidentId), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    // A line that is not a head is itself a sign of tampering: it anchors an impossible count, which never verifies.
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line): TimelineHead => {
        try {
          const { count, hash } = JSON.parse(line) as Partial<TimelineHead>;
          return { count: Number(count), hash: String(hash) };
        } catch {
          return { count: Number.NaN, hash: line.slice(0, 80) };
        }
      });
  }
}
