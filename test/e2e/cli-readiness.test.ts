import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/drills.js';

function rekey(...args: string[]) {
  // Not connected to Slack, whatever the machine's environment says.
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', SLACK_BOT_TOKEN: '' };
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'readiness', ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env,
    },
  );
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('rekey readiness on a drill', () => {
  it('prints the score, what the playbooks could do today and what to fix first; Markdown, JSON and HTML too', () => {
    const text = rekey('exposed-secret');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^Readiness of account 111122223333 at 2026-11-28T09:27:00.000Z: \d+\/100/);
    expect(text.out).toContain('exposed-secret: can rotate 1 of 1 secrets');
    expect(text.out).toContain(
      'role/deploy-role can read prod/payments/db but is not one of its declared readers',
    );

    const markdown = rekey('exposed-secret', '--markdown');
    expect(markdown.out).toContain('| prod/payments/db | working (every 30 days) |');

    const json = JSON.parse(rekey('exposed-secret', '--json').out) as { score: number; findings: unknown[] };
    expect(json.findings.length).toBeGreaterThan(0);

    const file = join(mkdtempSync(join(tmpdir(), 'rekey-readiness-')), 'readiness.html');
    expect(rekey('exposed-secret', '--html', file).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^<!doctype html>[\s\S]*Content-Security-Policy/);
  });

  it('fails under a minimum score, for CI', () => {
    const result = rekey('exposed-secret', '--fail-under', '95');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/readiness \d+ is under 95/);
  });
});
