import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDrill } from '../../src/drills/drill-runner.js';
import { drillNamed, ROOT } from '../support/drills.js';

let stateDir: string;
let incidentId: string;

function rekey(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'review', ...args, '--state-dir', stateDir],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  return { code: result.status, out: result.stdout, err: result.stderr };
}

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'rekey-review-cli-'));
  const report = await runDrill(drillNamed('suspicious-console-login'), { root: ROOT, stateDir });
  incidentId = report.incidents[0]?.id ?? '';
});

describe('rekey review', () => {
  it('renders the review from the timeline, as Markdown or HTML', () => {
    const markdown = rekey(incidentId);
    expect(markdown.code).toBe(0);
    expect(markdown.out).toContain(`# Post-incident review: ${incidentId} (DRILL)`);
    const html = rekey(incidentId, '--html');
    expect(html.out).toMatch(/^<!doctype html>/);
  });

  it('finds the timeline intact, then names the entry someone altered, and exits 1', () => {
    expect(rekey(incidentId, '--verify')).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^intact: \d+ entries/),
    });
    const file = join(stateDir, 'timelines', `${incidentId}.jsonl`);
    const original = readFileSync(file, 'utf8');
    const lines = original.trim().split('\n');
    const third = JSON.parse(lines[2] ?? '{}');
    lines[2] = JSON.stringify({ ...third, summary: 'Nothing happened here' });
    writeFileSync(file, `${lines.join('\n')}\n`);
    const tampered = rekey(incidentId, '--verify');
    expect(tampered.code).toBe(1);
    expect(tampered.out).toContain('TAMPERED: entry 3: content does not match its hash');
    writeFileSync(file, `${lines.slice(0, 2).join('\n')}\n`.replace('Nothing happened here', third.summary));
    const cut = rekey(incidentId, '--verify');
    expect(cut.code).toBe(1);
    expect(cut.out).toMatch(/the tail was cut/);
    writeFileSync(file, original);
  });

  it('summarises metrics over the incidents, leaving drills out unless asked', () => {
    expect(rekey('--all').out).toMatch(/^0 incident\(s\); 1 drill incident\(s\) left out/);
    const summary = JSON.parse(rekey('--all', '--include-drills', '--json').out);
    expect(summary).toMatchObject({ incidents: 1, byOutcome: { contained: 1 } });
  });

  it('refuses a bad --since and an unknown incident with a reason', () => {
    expect(rekey('--all', '--since', 'yesterday-ish')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/not a date/),
    });
    expect(rekey('rk-nope')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/no timeline for incident rk-nope/),
    });
  });
});
