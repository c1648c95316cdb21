import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import validateAsl from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { DETECTION_RULES } from '../../src/detections/rules.js';
import { LOCAL_FUNCTION_IDS } from '../../src/drills/drill-runner.js';
import type { AslDefinition } from '../../src/runtime/asl.js';
import { allStates, taskFunctionLogicalId } from '../../src/runtime/asl.js';
import { readCloudFormationYaml } from '../support/cloudformation-yaml.js';
import { ROOT } from '../support/drills.js';

const serverless = readCloudFormationYaml<{
  provider: { environment: Record<string, unknown> };
  functions: Record<string, { handler: string; environment?: Record<string, unknown> }>;
  stepFunctions: { stateMachines: Record<string, { definition: string }> };
}>(join(ROOT, 'serverless.yml'));
const files = readdirSync(join(ROOT, 'statemachines')).filter((f) => f.endsWith('.asl.json'));
const definitions = files.map((file) => ({
  file,
  asl: JSON.parse(readFileSync(join(ROOT, 'statemachines', file), 'utf8')) as AslDefinition,
}));
const logicalId = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}LambdaFunction`;

describe.each(definitions)('state machine $file', ({ file, asl }) => {
  it('is valid Amazon States Language', () => {
    const result = validateAsl(asl);
    expect(result.errorsText()).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('uses JSONPath only (the local runner ignores JSONata silently)', () => {
    expect(JSON.stringify(asl)).not.toContain('JSONata');
    expect(JSON.stringify(asl)).not.toContain('"Assign"');
  });

  it('invokes only functions that serverless.yml deploys and the local runtime binds, at every depth', () => {
    const deployed = new Set(Object.keys(serverless.functions).map(logicalId));
    const local = new Set<string>(LOCAL_FUNCTION_IDS);
    const tasks = allStates(asl).filter(([, s]) => s.Type === 'Task');
    expect(tasks.length).toBeGreaterThan(0);
    for (const [name, state] of tasks) {
      expect(deployed, `${file} ${name}`).toContain(taskFunctionLogicalId(state));
      expect(local, `${file} ${name}`).toContain(taskFunctionLogicalId(state));
    }
  });

  it('names every state once, at every depth (the local runtime binds Tasks by name)', () => {
    const names = allStates(asl).map(([name]) => name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('catches States.Timeout before any catch-all (locally a thrown timeout also matches TaskFailed)', () => {
    for (const [, state] of allStates(asl)) {
      const catchers = (state.Catch as Array<{ ErrorEquals: string[] }> | undefined) ?? [];
      const timeout = catchers.findIndex((c) => c.ErrorEquals.includes('States.Timeout'));
      const catchAll = catchers.findIndex((c) =>
        c.ErrorEquals.some((e) => e === 'States.ALL' || e === 'States.TaskFailed'),
      );
      if (timeout >= 0 && catchAll >= 0) expect(timeout).toBeLessThan(catchAll);
    }
  });

  it('is deployed by serverless.yml from this very file', () => {
    const sources = Object.values(serverless.stepFunctions.stateMachines).map((m) => m.definition);
    expect(sources).toContain(`\${file(statemachines/${file})}`);
  });
});

describe('serverless.yml', () => {
  it('points every function at a handler file that exists', () => {
    for (const [name, fn] of Object.entries(serverless.functions)) {
      const file = `${fn.handler.slice(0, fn.handler.lastIndexOf('.'))}.ts`;
      expect(existsSync(join(ROOT, file)), `${name}: ${file}`).toBe(true);
    }
  });

  it('gives every function each environment variable its handler reads', () => {
    for (const [name, fn] of Object.entries(serverless.functions)) {
      const source = readFileSync(
        join(ROOT, `${fn.handler.slice(0, fn.handler.lastIndexOf('.'))}.ts`),
        'utf8',
      );
      // A notifying function reads the timeline's and Slack's variables (notifying-function.ts) and its own.
      const shared = source.includes('notifyingFunction(')
        ? readFileSync(join(ROOT, 'src/handlers/lambda/notifying-function.ts'), 'utf8').match(
            /const TIMELINE_AND_SLACK = \[([^\]]*)\]/,
          )?.[1]
        : '';
      const lists = [
        ...source.matchAll(/(?:readEnvironment\(|notifyingFunction\('[a-z]+', )\[([^\]]*)\]/g),
      ].map((m) => m[1]);
      const read = [shared, ...lists].flatMap((list) =>
        [...(list ?? '').matchAll(/'(REKEY_[A-Z_]+)'/g)].map((v) => v[1]),
      );
      expect(read.length, name).toBeGreaterThan(0);
      const given = new Set([
        ...Object.keys(serverless.provider.environment),
        ...Object.keys(fn.environment ?? {}),
      ]);
      for (const variable of read) expect(given, `${name} reads ${variable}`).toContain(variable);
    }
  });

  it('reads the pattern file of every detection rule, so a replayed event takes the path a live one takes', () => {
    const text = readFileSync(join(ROOT, 'serverless.yml'), 'utf8');
    for (const rule of DETECTION_RULES)
      expect(text).toContain(`\${file(src/detections/${rule.patternFile})}`);
  });
});
