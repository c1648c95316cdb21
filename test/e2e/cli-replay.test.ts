import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/drills.js';

const fixtures = join(ROOT, 'drills/events');

function rekey(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('rekey replay', () => {
  it('replays a gzipped CloudTrail log file through the local runtime and opens the incidents its events call for', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rekey-replay-'));
    writeFileSync(
      join(dir, '111122223333_CloudTrail_us-east-1_20261128T0925Z.json.gz'),
      gzipSync(readFileSync(join(fixtures, 'aws.cloudtrail/log-file.json'))),
    );
    const { code, out } = rekey(
      'replay',
      dir,
      '--allowlist',
      'arn:aws:iam::111122223333:role/app-*',
      '--decide',
      'approve',
      '--state-dir',
      join(dir, 'state'),
    );
    expect(code).toBe(0);
    // In recorded order: the secret read at 09:24:17, the root sign-in at 10:02:31, 38 minutes later.
    expect(out).toMatch(/09:24:17 \+11m33s\s+incident\s+Incident opened: secretsmanager:GetSecretValue/);
    expect(out).toMatch(
      /10:02:31 \+49m47s\s+incident\s+Incident opened: signin:ConsoleLogin on the root user/,
    );
    expect(out).toContain('✓ 2 incidents');
    expect(out).toMatch(
      /denied reading arn:aws:secretsmanager:us-east-1:111122223333:secret:prod\/payments\/db/,
    );
  });

  it('compresses the recorded gaps with --speed, and leaves approvals to time out by default', () => {
    const ndjson = ['aws.guardduty/iam-user-tor-caller.json', 'aws.health/credentials-exposed.json']
      .map((f) => JSON.stringify(JSON.parse(readFileSync(join(fixtures, f), 'utf8'))))
      .join('\n');
    const file = join(mkdtempSync(join(tmpdir(), 'rekey-replay-')), 'archive.ndjson');
    writeFileSync(file, `${ndjson}\n`);
    const { code, out } = rekey('replay', file, '--speed', '60', '--state-dir', join(file, '..', 'state'));
    expect(code).toBe(0);
    expect(out).toContain('gaps ÷ 60');
    expect(out).toContain('✓ 1 incident');
  });

  it('refuses a bad speed or decision with its usage', () => {
    expect(rekey('replay', 'x.json', '--speed', '0')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/usage: rekey replay/),
    });
  });
});

describe('rekey drill --all', () => {
  it('runs every drill on every path and scores each, exiting 0 when all pass', () => {
    const { code, out, err } = rekey('drill', '--all', '--json');
    expect(code).toBe(0);
    // Every state of every compiled state machine is entered by some drill path (it exits 1 below 100%); with
    // --json the coverage goes to stderr.
    expect(err).toMatch(/exposed-access-key +\d+\/\d+ states \(100%\)/);
    expect(err).not.toMatch(/never entered|below 100%/);
    const cards = JSON.parse(out) as Array<{
      drill: string;
      path: string;
      passed: boolean;
      detected: boolean;
    }>;
    expect(cards.filter((c) => !c.passed)).toEqual([]);
    // Protected holders (configured, tagged, Rekey's own roles) are reported, never made incidents: the drills
    // that detect nothing.
    expect(cards.filter((c) => !c.detected).map((c) => c.drill)).toEqual([
      'own-role-renamed',
      'protected-break-glass',
      'protected-in-member-account',
      'protected-tag-user',
      'rekey-own-role-signal',
    ]);
    expect(cards.map((c) => c.drill)).toEqual(expect.arrayContaining(['leaked-access-key', 'event-storm']));
    expect(cards.filter((c) => c.drill === 'leaked-access-key').map((c) => c.path)).toEqual([
      'main',
      'deny',
      'timeout',
    ]);
    // Every path of every drill in a fresh process: more than the default on a loaded machine.
  }, 180_000);
});
