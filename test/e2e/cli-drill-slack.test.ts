import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../support/drills.js';
import { FakeSlack } from '../support/fake-slack.js';

const run = promisify(execFile);
let slack: FakeSlack;

beforeEach(async () => {
  slack = new FakeSlack();
  await slack.start();
});
afterEach(() => slack.stop());

function drill(name: string, env: Record<string, string>) {
  return run(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'src/cli/main.ts'),
      'drill',
      name,
      '--path',
      'deny',
      '--state-dir',
      mkdtempSync(join(tmpdir(), 'rekey-cli-')),
    ],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } },
  );
}

describe('rekey drill with SLACK_BOT_TOKEN', () => {
  it('also posts the incident to the channel, marked as a drill, through SLACK_API_URL', async () => {
    const { stdout } = await drill('suspicious-console-login', {
      SLACK_BOT_TOKEN: 'xoxb-local-drill',
      SLACK_CHANNEL: 'C0DRILLS',
      SLACK_API_URL: slack.url,
    });
    expect(stdout).toContain('posting to Slack channel C0DRILLS');
    expect(stdout).toContain('PASSED');
    const posts = slack.of('chat.postMessage');
    // Two notices of a new incident may race to open its thread: the loser deletes its root message.
    const roots = posts
      .map((p, i) => ({ ...p, ts: `${1_700_000_001 + i}.000100` }))
      .filter((p) => !p.args.thread_ts);
    const deleted = new Set(slack.of('chat.delete').map((c) => c.args.ts));
    const kept = roots.filter((r) => !deleted.has(r.ts));
    expect(kept).toHaveLength(1);
    expect(kept[0]?.args).toMatchObject({ channel: 'C0DRILLS', text: expect.stringMatching(/^\[DRILL\]/) });
    const replies = posts.filter((p) => p.args.thread_ts);
    expect(new Set(replies.map((r) => r.args.thread_ts))).toEqual(new Set([kept[0]?.ts]));
    expect(replies.map((r) => r.args.text)).toEqual(
      expect.arrayContaining([expect.stringMatching(/Approve: Disable console access/)]),
    );
    expect(slack.calls.every((c) => c.token === 'xoxb-local-drill')).toBe(true);
  });

  it('refuses a token without a channel, naming what is missing', async () => {
    await expect(
      drill('suspicious-console-login', { SLACK_BOT_TOKEN: 'xoxb-local-drill', SLACK_CHANNEL: '' }),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/set SLACK_CHANNEL too/),
    });
  });
});
