import { describe, expect, it } from 'vitest';
import { OutageSchema, withOutages } from '../../../src/drills/function-outages.js';
import { SimulatedClock } from '../../../src/runtime/simulated-clock.js';

const start = new Date('2026-11-28T10:00:00Z');

describe('a drill outage of a function', () => {
  it('fails every invocation inside its window as Lambda does, without running the function, and none outside', async () => {
    const clock = new SimulatedClock(start);
    const outage = OutageSchema.parse({ function: 'triage', at: '30m', for: '10m' });
    let ran = 0;
    const triage = withOutages([outage], start)('TriageLambdaFunction', async () => ++ran, clock);
    clock.elapse(29 * 60_000);
    await expect(triage({})).resolves.toBe(1);
    clock.elapse(60_000);
    await expect(triage({})).rejects.toMatchObject({ name: 'Lambda.ServiceException' });
    clock.elapse(9 * 60_000 + 59_000);
    await expect(triage({})).rejects.toMatchObject({ name: 'Lambda.ServiceException' });
    clock.elapse(1000);
    await expect(triage({})).resolves.toBe(2);
    expect(ran).toBe(2);
  });

  it('leaves the other functions alone and keeps the wrapper it is given', async () => {
    const clock = new SimulatedClock(start);
    const outages = [OutageSchema.parse({ function: 'triage', at: '0s', for: '1h' })];
    const wrapped = withOutages(outages, start, (_id, fn) => async (p) => `wrapped ${await fn(p)}`);
    const notify = wrapped('NotifyLambdaFunction', async () => 'sent', clock);
    await expect(notify({})).resolves.toBe('wrapped sent');
  });

  it('names the functions a drill may take down when it names another', () => {
    const parsed = OutageSchema.safeParse({ function: 'rotation', at: '1m', for: '1m' });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/action.*approval.*notify.*review.*triage/);
  });
});
