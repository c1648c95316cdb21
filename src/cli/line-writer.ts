import type { Writable } from 'node:stream';

/** How much output is gathered before it is written: one write per many lines, not one per line. */
const BATCH_CHARACTERS = 64 * 1024;

/**
 * Lines to a stream in batches, waiting for the stream to drain when it is behind: output of millions of lines
 * costs a write per batch, and memory stays bounded by a batch when the reader is slow.
 */
export class LineWriter {
  private pending: string[] = [];
  private size = 0;

  constructor(private readonly out: Writable) {}

  /** Adds one line (without its newline). */
  line(text: string): void {
    this.pending.push(text);
    this.size += text.length + 1;
  }

  /** Writes what has gathered once it is a batch; resolves when the stream can take more. */
  async flushIfFull(): Promise<void> {
    if (this.size >= BATCH_CHARACTERS) await this.flush();
  }

  /** Writes everything gathered. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = `${this.pending.join('\n')}\n`;
    this.pending = [];
    this.size = 0;
    if (!this.out.write(text)) await new Promise<void>((resolve) => this.out.once('drain', resolve));
  }
}
