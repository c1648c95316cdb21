import { describe, expect, it } from 'vitest';
import { fullyCovered, stateCoverage, stateCoverageText } from '../../../src/drills/state-coverage.js';
import type { AslDefinition } from '../../../src/runtime/asl.js';
import { LocalWorkflow } from '../../../src/runtime/local-workflow.js';
import { SimulatedClock } from '../../../src/runtime/simulated-clock.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const task = (next: string) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: { 'Fn::GetAtt': ['StepLambdaFunction', 'Arn'] }, 'Payload.$': '$' },
  ResultPath: null,
  Next: next,
});

/** A choice between an empty and a non-empty list, a Map over it, and an ending per branch. */
const definition: AslDefinition = {
  StartAt: 'Any',
  States: {
    Any: {
      Type: 'Choice',
      Choices: [{ Variable: '$.items[0]', IsPresent: true, Next: 'Each' }],
      Default: 'Nothing',
    },
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: { StartAt: 'Item', States: { Item: task('ItemDone'), ItemDone: { Type: 'Succeed' } } },
      ResultPath: null,
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
    Nothing: { Type: 'Succeed' },
  },
};

async function run(inputs: unknown[]) {
  const clock = new SimulatedClock(new Date('2026-11-28T10:00:00Z'));
  const workflow = new LocalWorkflow({
    definitions: { p: definition },
    functions: { StepLambdaFunction: async () => ({}) },
    clock,
    log: silent,
  });
  for (const [index, input] of inputs.entries()) await workflow.start('p', `run-${index}`, input);
  await clock.run();
  await workflow.settled();
  return stateCoverage({ p: definition }, workflow.executions.values());
}

describe('state coverage of the drills', () => {
  it('counts the states a run entered, those inside a Map included, and names the ones none did', async () => {
    const coverage = await run([{ items: ['a', 'b'] }]);
    expect(coverage).toEqual([{ playbook: 'p', entered: 5, total: 6, missing: ['Nothing'] }]);
    expect(fullyCovered(coverage)).toBe(false);
    expect(stateCoverageText(coverage)).toEqual(['p  5/6 states (83%)', '   never entered: Nothing']);
  });

  it('is whole once every branch has a run: here, a list with elements and one without', async () => {
    const coverage = await run([{ items: ['a'] }, { items: [] }]);
    expect(coverage).toEqual([{ playbook: 'p', entered: 6, total: 6, missing: [] }]);
    expect(fullyCovered(coverage)).toBe(true);
  });

  it('counts a playbook no drill started as entirely uncovered', () => {
    expect(stateCoverage({ p: definition }, [])[0]).toMatchObject({ entered: 0, total: 6 });
  });
});
