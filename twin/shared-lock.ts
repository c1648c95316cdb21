/** A readers-writer lock: many shared holders at once, or one exclusive holder alone. */
export class SharedLock {
  private readers = 0;
  private writer: Promise<void> | undefined;
  private drained: (() => void) | undefined;

  /** Runs `work` alongside other shared holders, never during an exclusive one. */
  async shared<T>(work: () => Promise<T>): Promise<T> {
    while (this.writer) await this.writer;
    this.readers += 1;
    try {
      return await work();
    } finally {
      this.readers -= 1;
      if (this.readers === 0) this.drained?.();
    }
  }

  /** Runs `work` alone, once every shared holder has finished. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.writer) await this.writer;
    let release = () => {};
    this.writer = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      if (this.readers > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      this.drained = undefined;
      return await work();
    } finally {
      this.writer = undefined;
      release();
    }
  }
}
