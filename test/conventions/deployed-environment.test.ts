import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type EnvironmentName, readEnvironment } from '../../src/handlers/lambda/config.js';
import { resolve, type Template } from '../support/cfn-resolve.js';
import { ROOT } from '../support/drills.js';

let stack: Template;

beforeAll(() => {
  const packaged = mkdtempSync(join(tmpdir(), 'rekey-package-'));
  execFileSync(
    join(ROOT, 'node_modules/.bin/osls'),
    ['package', '--stage', 'ci', '--region', 'us-east-1', '--package', packaged],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '' },
    },
  );
  stack = JSON.parse(readFileSync(join(packaged, 'cloudformation-template-update-stack.json'), 'utf8'));
}, 180_000);

describe('the environment the template gives each function', () => {
  it.each([true, false])('is one its handler accepts at start-up (conditions %s)', (conditions) => {
    const functions = Object.entries(stack.Resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThanOrEqual(6);
    for (const [name, fn] of functions) {
      const variables = resolve(
        stack,
        (fn.Properties?.Environment as { Variables?: unknown } | undefined)?.Variables ?? {},
        conditions,
      ) as Record<string, string>;
      const names = Object.keys(variables).filter((v) => v.startsWith('REKEY_')) as EnvironmentName[];
      expect(() => readEnvironment(names, variables), name).not.toThrow();
    }
  });
});
