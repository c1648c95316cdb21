import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock } from '../domain/clock.js';

interface Timer {
  at: number;
  order: number;
  fire: () => void;
}

/** A gate a thread of work waits at; opening it counts the thread as busy again at once. */
export interface Gate<T> {
  wait(): Promise<T>;
  open(value: T): void;
  fail(error: Error): void;
}

/** A thread of work with a time of its own: what it has waited for, not what other threads have. */
interface Thread {
  now: number;
  /** When the work it set aside (`aside`) finished, as far as it has. */
  asideUntil: number;
}

/**
 * A discrete-event clock for drills. Work in flight is counted as busy; time only moves when nothing is busy,
 * jumping to the next scheduled timer, so waits, approval deadlines and responders' delays cost no real time.
 * Work started as a thread (`thread`) keeps its own time, so threads running at once (a Lambda and the state
 * machine it started) each advance only by what they wait for; the clock's time is the latest of them.
 */
export class SimulatedClock implements Clock {
  private current: number;
  /** When the last timer fired: a thread woken by it (a decision, a deadline) resumes no earlier. */
  private firedAt: number;
  private order = 0;
  private busy = 0;
  private timers: Timer[] = [];
  private idleWaiters: Array<() => void> = [];
  private readonly threads = new AsyncLocalStorage<Thread>();

  constructor(start: Date) {
    this.current = start.getTime();
    this.firedAt = this.current;
  }

  now(): Date {
    const thread = this.threads.getStore();
    return new Date(thread ? this.timeOf(thread) : this.current);
  }

  /** The thread the caller runs in (none outside threads): a token to tell threads apart. */
  currentThread(): object | undefined {
    return this.threads.getStore();
  }

  /** Runs `fn` as a thread of its own, starting at `at` (by default, now): its waits advance only its time. */
  thread<T>(fn: () => T, at: number = this.now().getTime()): T {
    return this.threads.run({ now: at, asideUntil: at }, fn);
  }

  /**
   * Runs `fn` beside the current thread, from now (work it starts and does not wait for yet: a head anchored in the
   * background): its time does not hold up the thread until the thread waits for it (`join`).
   */
  aside<T>(fn: () => Promise<T>): Promise<T> {
    const parent = this.threads.getStore();
    const start = this.now().getTime();
    const thread: Thread = { now: start, asideUntil: start };
    return this.threads.run(thread, () =>
      fn().finally(() => {
        if (parent) parent.asideUntil = Math.max(parent.asideUntil, this.timeOf(thread));
      }),
    );
  }

  /** The current thread waits for the work it set aside: its time moves to when the last of it finished. */
  join(): void {
    const thread = this.threads.getStore();
    if (thread) this.advanceTo(thread.asideUntil);
  }

  /** Runs `fn` at simulated time `at` (or now, if `at` has passed); returns a function that cancels it. */
  schedule(at: Date, fn: () => void): () => void {
    this.order += 1;
    const timer = { at: Math.max(at.getTime(), this.current), order: this.order, fire: fn };
    this.timers.push(timer);
    this.timers.sort((a, b) => a.at - b.at || a.order - b.order);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Moves time forward by `ms` for work that takes time (a retry back-off), firing nothing on the way. */
  elapse(ms: number): void {
    this.advanceTo(this.now().getTime() + ms);
  }

  /** Moves time forward to `at` (if it is later) for work that completes then, firing nothing on the way. */
  advanceTo(at: number): void {
    const thread = this.threads.getStore();
    if (thread) thread.now = Math.max(this.timeOf(thread), at);
    this.current = Math.max(this.current, at);
  }

  private timeOf(thread: Thread): number {
    return Math.max(thread.now, this.firedAt);
  }

  /** Counts `work` as busy until it settles, so time does not move under it. */
  track<T>(work: Promise<T>): Promise<T> {
    this.busy += 1;
    return work.finally(() => this.release());
  }

  /** A gate for a tracked thread: while it waits it does not count as busy; once opened it counts again. */
  gate<T>(): Gate<T> {
    let resolve!: (value: T) => void;
    let reject!: (error: Error) => void;
    let settled = false;
    let waiting = false;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => undefined);
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      if (waiting) {
        // The waiter is busy again from this moment, before its continuation gets to run; its own
        // track() releases it when it finishes.
        this.busy += 1;
      }
      fn();
    };
    return {
      wait: () => {
        if (!waiting && !settled) {
          waiting = true;
          this.release();
        }
        return promise;
      },
      open: (value) => settle(() => resolve(value)),
      fail: (error) => settle(() => reject(error)),
    };
  }

  /** Whether timers remain. */
  get pending(): number {
    return this.timers.length;
  }

  /** Runs until no work is busy and no timer is left, advancing time from timer to timer. */
  async run(): Promise<void> {
    for (;;) {
      await this.idle();
      const next = this.timers.shift();
      if (!next) return;
      this.current = Math.max(this.current, next.at);
      this.firedAt = this.current;
      next.fire();
    }
  }

  private release(): void {
    this.busy -= 1;
    if (this.busy === 0) for (const waiter of this.idleWaiters.splice(0)) waiter();
  }

  private async idle(): Promise<void> {
    for (;;) {
      while (this.busy > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      // Let promise chains that are not tracked (I/O callbacks, microtasks) settle before time moves.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (this.busy === 0) return;
    }
  }
}
