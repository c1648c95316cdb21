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

describe('threads of the simulated clock', () => {
  const start = new Date('2026-11-28T09:00:00Z');
  const at = (clock: SimulatedClock) => clock.now().getTime() - start.getTime();

  it('keeps a time per thread: work beside another is not held up by it, and the clock is the latest', async () => {
    const clock = new SimulatedClock(start);
    const seen: string[] = [];
    await clock.thread(async () => {
      clock.advanceTo(start.getTime() + 100);
      const other = clock.thread(async () => {
        clock.elapse(50);
        await Promise.resolve();
        seen.push(`started thread at ${at(clock)}`);
      }, start.getTime() + 150);
      clock.elapse(500);
      await other;
      seen.push(`starter at ${at(clock)}`);
    });
    expect(seen).toEqual(['started thread at 200', 'starter at 600']);
    expect(at(clock)).toBe(600);
  });

  it('moves a thread only to the end of the work it set aside when it joins it', async () => {
    const clock = new SimulatedClock(start);
    const seen: number[] = [];
    await clock.thread(async () => {
      const anchored = clock.aside(async () => clock.elapse(30));
      await anchored;
      seen.push(at(clock));
      clock.elapse(10);
      clock.join();
      seen.push(at(clock));
      clock.elapse(40);
      clock.join();
      seen.push(at(clock));
    });
    expect(seen).toEqual([0, 30, 70]);
  });

  it('resumes a thread woken by a timer no earlier than the timer', async () => {
    const clock = new SimulatedClock(start);
    const gate = clock.gate<string>();
    const seen: number[] = [];
    void clock.track(
      clock.thread(async () => {
        clock.elapse(20);
        await gate.wait();
        seen.push(at(clock));
      }),
    );
    clock.schedule(new Date(start.getTime() + 60_000), () => gate.open('approved'));
    await clock.run();
    expect(seen).toEqual([60_000]);
  });
});
