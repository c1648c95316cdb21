import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
  const lines = result.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code: result.status, lines, err: result.stderr };
}

describe('rekey triage', () => {
  it('says, per event, what it exposes and which incident it opens or joins', () => {
    const { code, lines } = rekey([
      'triage',
      join(fixtures, 'aws.guardduty/iam-user-tor-caller.json'),
      join(fixtures, 'aws.securityhub/guardduty-tor-caller-imported.json'),
      join(fixtures, 'aws.health/unrelated-ec2-event.json'),
    ]);
    expect(code).toBe(0);
    expect(lines).toHaveLength(3);
    const [finding, copy, unrelated] = lines;
    expect(finding).toMatchObject({
      rules: ['guardduty-credential-finding'],
      playbook: 'exposed-access-key',
    });
    expect(finding?.exposures).toEqual([
      expect.objectContaining({
        kind: 'iam-user-access-key',
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        outcome: 'opened',
      }),
    ]);
    expect(copy).toMatchObject({
      incidentId: finding?.incidentId,
      exposures: [expect.objectContaining({ outcome: 'joined' })],
    });
    expect(unrelated).toMatchObject({
      exposures: [],
      incidentId: null,
      reason: expect.stringMatching(/no detection rule matches/),
    });
  });

  it('reads gzipped CloudTrail log files, folders and NDJSON on standard input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rekey-triage-'));
    writeFileSync(
      join(dir, 'trail.json.gz'),
      gzipSync(readFileSync(join(fixtures, 'aws.cloudtrail/log-file.json'))),
    );
    const fromFolder = rekey(['triage', dir, '--allowlist', 'arn:aws:iam::111122223333:role/app-*']);
    expect(fromFolder.lines.map((l) => l.shape)).toEqual([
      'CloudTrail record',
      'CloudTrail record',
      'CloudTrail record',
    ]);
    expect(fromFolder.lines[1]?.exposures).toEqual([
      expect.objectContaining({ kind: 'secret', outcome: 'opened' }),
    ]);
    const ndjson = ['aws.health/credentials-exposed.json', 'aws.guardduty/root-credential-usage.json']
      .map((f) => JSON.stringify(JSON.parse(readFileSync(join(fixtures, f), 'utf8'))))
      .join('\n');
    const fromStdin = rekey(['triage', '-'], ndjson);
    expect(fromStdin.lines.map((l) => (l.exposures as Array<{ kind: string }>)[0]?.kind)).toEqual([
      'iam-user-access-key',
      'root',
    ]);
  });

  it('gives a clear reason for malformed input and goes on with the rest', () => {
    const { code, lines } = rekey(
      ['triage', '-'],
      '{"version":"0","id":"x","detail-type":"GuardDuty Finding","source":"aws.guardduty","account":"111122223333","time":"2026-11-28T09:00:00Z","region":"us-east-1","resources":[],"detail":{"resource":{"resourceType":"AccessKey"},"type":"UnauthorizedAccess:IAMUser/TorIPCaller"}}\nnot json\n',
    );
    expect(code).toBe(0);
    expect(lines.map((l) => l.reason)).toEqual([
      expect.stringMatching(/malformed aws.guardduty\/GuardDuty Finding event/),
      expect.stringMatching(/line 2 is not JSON/),
    ]);
  });
});

describe('rekey report', () => {
  it('turns scanner output into rekey.report events without the secret, which triage then reads', () => {
    const { code, lines, err } = rekey([
      'report',
      join(fixtures, 'rekey.report/gitleaks.json'),
      '--repository',
      'https://github.com/example-org/payments-tools',
    ]);
    expect(code).toBe(0);
    expect(lines).toEqual([
      expect.objectContaining({
        source: 'rekey.report',
        'detail-type': 'Secret Scanner Finding',
        detail: expect.objectContaining({
          tool: 'gitleaks',
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          repository: 'https://github.com/example-org/payments-tools',
          line: 12,
        }),
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('lk_live_');
    expect(err).toMatch(/generic-api-key finding: no AWS access key id/);
    const triaged = rekey(['triage', '-'], lines.map((l) => JSON.stringify(l)).join('\n'));
    expect(triaged.lines[0]).toMatchObject({
      rules: ['scanner-report'],
      exposures: [
        expect.objectContaining({ evidence: expect.objectContaining({ source: 'rekey.scanner' }) }),
      ],
    });
  });
});

describe('rekey events test-pattern', () => {
  const file = (name: string, text: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'rekey-pattern-')), name);
    writeFileSync(path, text);
    return path;
  };
  const run = (pattern: string, event: string) =>
    spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(ROOT, 'src/cli/main.ts'),
        'events',
        'test-pattern',
        '--pattern',
        file('p.json', pattern),
        '--event',
        file('e.json', event),
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );

  const envelope =
    '"id":"1","account":"111122223333","source":"s","time":"t","region":"us-east-1","detail-type":"d"';

  it('prints true or false, as aws events test-event-pattern answers', () => {
    const pattern = '{"detail":{"severity":[{"numeric":[">=",5]}]}}';
    const matching = run(pattern, `{${envelope},"detail":{"severity":5}}`);
    expect([matching.status, matching.stdout.trim()]).toEqual([0, 'true']);
    const other = run(pattern, `{${envelope},"detail":{"severity":4.9}}`);
    expect([other.status, other.stdout.trim()]).toEqual([0, 'false']);
  });

  it('exits 2 for an event TestEventPattern refuses (no id, account, source, time, region, detail-type)', () => {
    const refused = run('{"detail":{"severity":[{"numeric":[">=",5]}]}}', '{"detail":{"severity":5}}');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/the event is not valid for TestEventPattern: it lacks "id"/);
  });

  it('exits 2 with the reason for an invalid pattern', () => {
    const invalid = run('{"detail":{"severity":[{"numeric":["<",1,">",0]}]}}', '{}');
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toMatch(
      /invalid event pattern: detail.severity: numeric range must be a lower bound/,
    );
  });
});
