import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { keepableJson } from '../../domain/json-limits.js';
import type { DeadLetters } from '../../ports/dead-letters.js';

/** Rejected input kept as JSON files with the reason, for local runs. */
export class FileDeadLetters implements DeadLetters {
  private count = 0;
  readonly kept: Array<{ reason: string; path: string }> = [];

  constructor(private readonly directory: string) {}

  async keep(payload: unknown, reason: string): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    this.count += 1;
    const path = join(this.directory, `${String(this.count).padStart(4, '0')}.json`);
    await writeFile(path, `${keepableJson(reason, payload)}\n`);
    this.kept.push({ reason, path });
  }
}
