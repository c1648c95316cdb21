import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/drills.js';

function rekey(...args: string[]) {
  const state = mkdtempSync(join(tmpdir(), 'rekey-cli-'));
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args, '--state-dir', state],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  return { code: result.status, out: result.stdout, err: result.stderr };
}

function drillFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'rekey-drill-file-')), 'drill.yml');
  writeFileSync(path, text);
  return path;
}

describe('rekey drill', () => {
  it('answers --help with its usage and exit 0, and names the valid options for an unknown one', () => {
    const help = rekey('drill', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^ {2}rekey drill --list/m);
    expect(help.out).not.toMatch(/rekey events/);
    const unknown = rekey('drill', '--nope');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown option --nope; this command takes --file, .*--state-dir/);
  });

  it('runs the default drill, shows the steps, and exits 0', () => {
    const { code, out } = rekey('drill');
    expect(code).toBe(0);
    expect(out).toMatch(/09:04:00 \+4m00s\s+step\s+✓ AKIAIOSFODNN7EXAMPLE of alice set to Inactive/);
    expect(out).toMatch(/Review of rk-20261128-[0-9a-f]{8}: .*\.md/);
    expect(out).toContain('PASSED');
  });

  it('exits 1 and names the expectation that failed', () => {
    const original = readFileSync(join(ROOT, 'drills/leaked-access-key.yml'), 'utf8');
    const wrong = original.replace(
      '{ accessKey: AKIAI44QH8DHBEXAMPLE, status: Active }',
      '{ accessKey: AKIAI44QH8DHBEXAMPLE, status: Inactive }',
    );
    const { code, out } = rekey('drill', '--file', drillFile(wrong));
    expect(code).toBe(1);
    expect(out).toContain('✗ access key AKIAI44QH8DHBEXAMPLE is Inactive (found: Active)');
    expect(out).toContain('FAILED: 1 of 14 expectations do not hold');
  });

  it('prints the scorecards of one drill, or of a drill file, as JSON with --json', () => {
    const one = rekey('drill', 'leaked-access-key', '--json');
    expect(one.code).toBe(0);
    const cards = JSON.parse(one.out) as Array<{ path: string; passed: boolean; outcomes: string[] }>;
    expect(cards.map((c) => [c.path, c.passed, c.outcomes])).toEqual([
      ['main', true, ['contained']],
      ['deny', true, ['dismissed']],
      ['timeout', true, ['escalated']],
    ]);
    const original = readFileSync(join(ROOT, 'drills/leaked-access-key.yml'), 'utf8');
    const wrong = original.replace(
      '{ accessKey: AKIAI44QH8DHBEXAMPLE, status: Active }',
      '{ accessKey: AKIAI44QH8DHBEXAMPLE, status: Inactive }',
    );
    const file = rekey('drill', '--file', drillFile(wrong), '--path', 'timeout', '--json');
    expect(file.code).toBe(0);
    expect(JSON.parse(file.out)).toEqual([expect.objectContaining({ path: 'timeout', passed: true })]);
    const failing = rekey('drill', '--file', drillFile(wrong), '--path', 'main', '--json');
    expect(failing.code).toBe(1);
    expect(JSON.parse(failing.out)[0].expectations.failed).toEqual([
      'access key AKIAI44QH8DHBEXAMPLE is Inactive (found: Active)',
    ]);
  });

  it('exits 2 and says what is wrong with an invalid drill file', () => {
    const { code, err } = rekey('drill', '--file', drillFile('name: Not Valid\nevents: []\n'));
    expect(code).toBe(2);
    expect(err).toMatch(/is not a valid drill/);
    expect(err).toMatch(/name: lower-case letters, digits and dashes/);
  });
});
