import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReviewDocument, ReviewStore } from '../../ports/review-store.js';

/** Reviews as files in a folder, for local runs: Markdown, HTML, and the timeline head beside them. */
export class FileReviewStore implements ReviewStore {
  constructor(private readonly directory: string) {}

  async put(review: ReviewDocument): Promise<string> {
    await mkdir(this.directory, { recursive: true });
    const path = join(this.directory, `${review.incidentId}.md`);
    await writeFile(path, review.markdown);
    await writeFile(join(this.directory, `${review.incidentId}.html`), review.html);
    await writeFile(
      join(this.directory, `${review.incidentId}.head.json`),
      `${JSON.stringify(review.timelineHead)}\n`,
    );
    return path;
  }

  async head(incidentId: string): Promise<{ hash: string; count: number } | undefined> {
    try {
      return JSON.parse(await readFile(join(this.directory, `${incidentId}.head.json`), 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}
