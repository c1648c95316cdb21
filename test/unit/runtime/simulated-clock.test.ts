import { describe, expect, it, vi } from 'vitest';
import { SimulatedClock } from '../../../src/runtime/simulated-clock.js';

describe('the simulated clock', () => {
  it('jumps from timer to timer without waiting, in time order', async () => {
    const clock = new SimulatedClock(new Date('2026-11-28T09:00:00Z'));
    const seen: string[] = [];
    clock.schedule(new Date('2026-11-28T10:00:00Z'), () => seen.push(`b ${clock.now().toISOString()}`));
    clock.schedule(new Date('2026-11-28T09:30:00Z'), () => seen.push(`a ${clock.now().toISOString()}`));
    // Without waiting: no real timer longer than a turn of the event loop is ever set.
    const timers = vi.spyOn(globalThis, 'setTimeout');
    await clock.run();
    expect(seen).toEqual(['a 2026-11-28T09:30:00.000Z', 'b 2026-11-28T10:00:00.000Z']);
    expect(timers.mock.calls.filter(([, ms]) => (ms ?? 0) > 0)).toEqual([]);
    timers.mockRestore();
  });

  it('does not move while tracked work is busy, and moves while it waits at a gate', async () => {
    const clock = new SimulatedClock(new Date('2026-11-28T09:00:00Z'));
    const gate = clock.gate<string>();
    const log: string[] = [];
    void clock.track(
      (async () => {
        log.push(`waiting at ${clock.now().toISOString()}`);
        const value = await gate.wait();
        log.push(`${value} at ${clock.now().toISOString()}`);
      })(),
    );
    clock.schedule(new Date('2026-11-28T09:04:00Z'), () => gate.open('approved'));
    await clock.run();
    expect(log).toEqual(['waiting at 2026-11-28T09:00:00.000Z', 'approved at 2026-11-28T09:04:00.000Z']);
  });

  it('drops a cancelled timer', async () => {
    const clock = new SimulatedClock(new Date('2026-11-28T09:00:00Z'));
    const cancel = clock.schedule(new Date('2026-11-28T09:30:00Z'), () => {
      throw new Error('should not fire');
    });
    cancel();
    await clock.run();
    expect(clock.now().toISOString()).toBe('2026-11-28T09:00:00.000Z');
  });
});
