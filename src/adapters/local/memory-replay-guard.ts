import type { Clock } from '../../domain/clock.js';
import type { ReplayGuard } from '../../ports/replay-guard.js';

/** Requests seen, in memory, for a local run in one process; expired keys may be claimed again. */
export class MemoryReplayGuard implements ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  async claim(key: string, expiresAt: Date): Promise<boolean> {
    const now = this.clock.now().getTime();
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return false;
    this.seen.set(key, expiresAt.getTime());
    return true;
  }
}
