import { describe, expect, it } from 'vitest';
import type { AslDefinition } from '../../../src/runtime/asl.js';
import { waitEndsAt } from '../../../src/runtime/local-wait.js';
import { LocalWorkflow } from '../../../src/runtime/local-workflow.js';
import { SimulatedClock } from '../../../src/runtime/simulated-clock.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const task = (next?: string) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: { 'Fn::GetAtt': ['RecordLambdaFunction', 'Arn'] }, 'Payload.$': '$' },
  ResultPath: null,
  ...(next ? { Next: next } : { End: true }),
});

describe('Wait states in a local run', () => {
  it('wait on the simulated clock, for the seconds the input names, in no real time, passing the input on', async () => {
    const definition: AslDefinition = {
      StartAt: 'Before',
      States: {
        Before: task('Window'),
        Window: { Type: 'Wait', SecondsPath: '$.verification.windowSeconds', Next: 'After' },
        After: task(),
      },
    };
    const clock = new SimulatedClock(new Date('2026-11-28T10:00:00Z'));
    const seen: Array<{ at: string; payload: unknown }> = [];
    const workflow = new LocalWorkflow({
      definitions: { p: definition },
      functions: {
        RecordLambdaFunction: async (payload) => {
          seen.push({ at: clock.now().toISOString(), payload });
          return {};
        },
      },
      clock,
      log: silent,
    });
    await workflow.start('p', 'run-1', { verification: { windowSeconds: 1800 } });
    await clock.run();
    expect(seen.map((s) => s.at)).toEqual(['2026-11-28T10:00:00.000Z', '2026-11-28T10:30:00.000Z']);
    expect(seen[1]?.payload).toEqual({ verification: { windowSeconds: 1800 } });
    expect(workflow.executions.get('p/run-1')?.status).toBe('SUCCEEDED');
  });

  it('end when ASL says: Seconds, SecondsPath, Timestamp or TimestampPath', () => {
    const now = new Date('2026-11-28T10:00:00Z');
    const input = { w: { s: 60, t: '2026-11-28T12:00:00Z' } };
    expect(waitEndsAt({ Type: 'Wait', Seconds: 5 }, input, now).toISOString()).toBe(
      '2026-11-28T10:00:05.000Z',
    );
    expect(waitEndsAt({ Type: 'Wait', SecondsPath: '$.w.s' }, input, now).toISOString()).toBe(
      '2026-11-28T10:01:00.000Z',
    );
    expect(waitEndsAt({ Type: 'Wait', Timestamp: '2026-11-28T11:00:00Z' }, input, now).toISOString()).toBe(
      '2026-11-28T11:00:00.000Z',
    );
    expect(waitEndsAt({ Type: 'Wait', TimestampPath: '$.w.t' }, input, now).toISOString()).toBe(
      '2026-11-28T12:00:00.000Z',
    );
    expect(() => waitEndsAt({ Type: 'Wait', SecondsPath: '$.missing' }, input, now)).toThrow(/not a number/);
  });
});
