import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/drills.js';

const fixtures = join(ROOT, 'drills/events');

function rekey(args: string[], input?: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    ...(input !== undefined ? { input } : {}),
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

const file = (name: string, content: string | Buffer) => {
  const path = join(mkdtempSync(join(tmpdir(), 'rekey-hostile-')), name);
  writeFileSync(path, content);
  return path;
};

/** The control characters in a text (tab and newline aside). */
const controlCodesIn = (text: string) =>
  [...text].filter((c) => (c < ' ' && c !== '\n' && c !== '\t') || (c >= '\u007f' && c <= '\u009f'));

/** One clear line naming the problem, exit 2, and no stack trace. */
function expectClearRefusal(run: ReturnType<typeof rekey>, problem: RegExp) {
  expect(run.code).toBe(2);
  expect(run.err).toMatch(problem);
  expect(run.err).not.toMatch(/\n\s+at |ZodError|SyntaxError|RangeError/);
  expect(run.err.trim().split('\n')).toHaveLength(1);
}

describe('hostile input to the command line', () => {
  it('refuses 100,000-deep arrays with the reason (triage and replay)', () => {
    const deep = file('deep.json', '['.repeat(100_000) + ']'.repeat(100_000));
    for (const command of ['triage', 'replay'])
      expectClearRefusal(rekey([command, deep]), /deep\.json: value 1 nests deeper than 64 levels/);
  });

  it('refuses a gzip bomb of one endless value without holding it', () => {
    const bomb = file(
      'bomb.json.gz',
      gzipSync(Buffer.concat([Buffer.from('"'), Buffer.alloc(64 * 1024 * 1024, 'a')])),
    );
    expect(readFileSync(bomb).length).toBeLessThan(1024 * 1024);
    expectClearRefusal(rekey(['triage', bomb]), /bomb\.json\.gz: value 1 is longer than 16M characters/);
  });

  it('says there is nothing to replay rather than failing on its own drill file', () => {
    const nothing = file('nothing.json', JSON.stringify({ Records: [] }));
    expectClearRefusal(
      rekey(['replay', nothing]),
      /nothing to replay: no event read is one a detection rule takes/,
    );
  });

  it('names the file and line of a malformed timeline', () => {
    const run = rekey([
      'drill',
      'aws-reported-exposed-key',
      '--state-dir',
      mkdtempSync(join(tmpdir(), 'rekey-s-')),
    ]);
    expect(run.code).toBe(0);
    const stateDir = run.out.match(/Review of \S+: (\S+)\/reviews\//)?.[1] ?? '';
    const copy = mkdtempSync(join(tmpdir(), 'rekey-broken-'));
    cpSync(stateDir, copy, { recursive: true });
    const [timeline] = readdirSync(join(copy, 'timelines'));
    const path = join(copy, 'timelines', timeline ?? '');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[2] = '{"seq": 3, broken';
    writeFileSync(path, lines.join('\n'));
    const id = (timeline ?? '').replace(/\.jsonl$/, '');
    expectClearRefusal(
      rekey(['review', id, '--state-dir', copy]),
      /timelines\/rk-\S+\.jsonl, line 3: not a timeline entry/,
    );
    // Checked rather than read, a timeline that does not parse was written by something other than its writers.
    const verified = rekey(['review', id, '--state-dir', copy, '--verify']);
    expect(verified.code).toBe(1);
    expect(verified.out).toMatch(/TAMPERED: \S+\.jsonl, line 3: not a timeline entry .*: tampered/);
  });

  it('never passes terminal escape codes from event fields to the terminal', () => {
    const event = JSON.parse(readFileSync(join(fixtures, 'aws.guardduty/iam-user-tor-caller.json'), 'utf8'));
    event.detail.title = 'x\u001b]0;pwned\u0007\u001b[2J\u009b31m';
    event.detail.resource.accessKeyDetails.userName = 'alice\u001b[8m';
    const triage = rekey(['triage', '-'], JSON.stringify(event));
    expect(triage.code).toBe(0);
    expect(controlCodesIn(triage.out)).toEqual([]);
    const replay = rekey(['replay', file('escape.json', JSON.stringify(event))]);
    // Not a terminal here, so not even Rekey's own colours: nothing but text comes through.
    expect(controlCodesIn(`${replay.out}${replay.err}`)).toEqual([]);
  });
});
