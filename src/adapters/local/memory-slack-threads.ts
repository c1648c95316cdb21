import type { SlackThread, SlackThreadStore } from '../../ports/slack-threads.js';

/** Slack threads in memory, for a local run in one process. */
export class MemorySlackThreads implements SlackThreadStore {
  private readonly threads = new Map<string, SlackThread>();

  async get(incidentId: string): Promise<SlackThread | undefined> {
    const thread = this.threads.get(incidentId);
    return thread && structuredClone(thread);
  }

  async put(thread: SlackThread): Promise<boolean> {
    const stored = this.threads.get(thread.incidentId);
    if ((stored?.version ?? 0) !== thread.version - 1) return false;
    this.threads.set(thread.incidentId, structuredClone(thread));
    return true;
  }
}
