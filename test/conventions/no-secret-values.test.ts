import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/drills.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The one file that reads a secret's value: Rekey's own Slack app credentials, at cold start. */
const SLACK_SECRET_READER = 'src/handlers/lambda/slack-wiring.ts';

describe("Rekey's code never reads a secret's value, except its own Slack secret", () => {
  it('calls GetSecretValue in one file only, never BatchGetSecretValue', () => {
    const readers = sources(join(ROOT, 'src')).filter((file) =>
      /\b(Batch)?GetSecretValueCommand\b/.test(readFileSync(file, 'utf8')),
    );
    expect(readers.map((f) => relative(ROOT, f))).toEqual([SLACK_SECRET_READER]);
    const text = readFileSync(join(ROOT, SLACK_SECRET_READER), 'utf8');
    expect(text).not.toMatch(/BatchGetSecretValue/);
    // The id comes from REKEY_SLACK_SECRET_ID alone, and the value is never logged.
    expect(text).toMatch(/new GetSecretValueCommand\(\{ SecretId: secretId \}\)/);
    expect(text).not.toMatch(/logger\.\w+\([^)]*(botToken|signingSecret|SecretString)/);
  });
  // What the deployed roles may read is checked on the packaged template (template.test.ts).
});
