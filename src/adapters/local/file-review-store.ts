import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReviewDocument, ReviewStore } from '../../ports/review-store.js';

/** Reviews as Markdown files in a folder, for local runs. */
export class FileReviewStore implements ReviewStore {
  constructor(private readonly directory: string) {}

  async put(review: ReviewDocument): Promise<string> {
    await mkdir(this.directory, { recursive: true });
    const path = join(this.directory, `${review.incidentId}.md`);
    await writeFile(path, review.markdown);
    return path;
  }
}
