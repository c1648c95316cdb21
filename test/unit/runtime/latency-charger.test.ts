import { describe, expect, it } from 'vitest';
import { KeyedMutex } from '../../../src/adapters/local/json-files.js';
import { LatencyCharger, PUBLISHED_LATENCIES } from '../../../src/runtime/latency-model.js';
import { SimulatedClock } from '../../../src/runtime/simulated-clock.js';

/** Event-loop turns enough for every settled promise here to have been seen (no wall clock). */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('the latency charger', () => {
  it("lets a call made inside another go on while a call of another thread waits for the outer one's lock", async () => {
    const clock = new SimulatedClock(new Date(0));
    const charger = new LatencyCharger(PUBLISHED_LATENCIES, clock);
    const mutex = new KeyedMutex();
    const kms = charger.charge('kms', { seal: async (entry: string) => `sealed ${entry}` });
    // A timeline: appends serialised per incident, each entry sealed (twice here: the clock moves between seals).
    const timeline = charger.charge('dynamodb', {
      append: (entry: string) =>
        mutex.run('incident', async () => [await kms.seal(entry), await kms.seal(entry)]),
    });
    // The action function's append takes the lock first; triage's, started earlier on the clock, queues for it.
    const action = charger.thread(() => timeline.append('step-started'), 5);
    const triage = charger.thread(() => timeline.append('signal'), 0);
    const done: string[][] = [];
    void Promise.all([action, triage]).then((both) => done.push(...both));
    await turns(50);
    expect(done).toEqual([
      ['sealed step-started', 'sealed step-started'],
      ['sealed signal', 'sealed signal'],
    ]);
  });

  it('still makes a thread started inside a call (an execution StartExecution starts) see what finished before it', async () => {
    const clock = new SimulatedClock(new Date(0));
    const charger = new LatencyCharger(PUBLISHED_LATENCIES, clock);
    let entry: string | undefined;
    const registry = charger.charge('dynamodb', {
      // Written at 0 on the clock (done at 10), but slow here: later threads must wait for it all the same.
      put: async (value: string) => {
        await turns(5);
        entry = value;
      },
      get: async () => entry,
    });
    const states = charger.charge('states', {
      start: async (run: () => Promise<string | undefined>) => ({ read: charger.thread(run, 50) }),
    });
    const written = charger.thread(() => registry.put('signal'), 0);
    const { read } = await states.start(() => registry.get());
    await written;
    expect(await read).toBe('signal');
  });

  it("answers a port's own synchronous question at once, even while another thread's call is in flight", async () => {
    const clock = new SimulatedClock(new Date(0));
    const charger = new LatencyCharger(PUBLISHED_LATENCIES, clock);
    const timeline = charger.charge('dynamodb', {
      append: async () => {
        await turns(5);
      },
      sealsAs: () => 'notify',
    });
    void charger.thread(() => timeline.append(), 0);
    await turns(1);
    // Not a promise of the answer (which a `===` against a writer would never equal): the answer.
    await expect(charger.thread(async () => typeof timeline.sealsAs(), 60)).resolves.toBe('string');
  });
});
