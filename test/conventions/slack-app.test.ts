import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../support/drills.js';

/** The bot scope each Web API method Rekey calls needs (as Slack's method reference lists them). */
const SCOPES: Record<string, string[]> = {
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.delete': ['chat:write'],
  'usergroups.users.list': ['usergroups:read'],
  // The email of a user comes only with users:read.email, on top of users:read.
  'users.info': ['users:read', 'users:read.email'],
};

describe('the Slack app manifest', () => {
  it('asks for exactly the scopes of the Web API methods Rekey calls', () => {
    const dir = join(ROOT, 'src/adapters/slack');
    const called = new Set(
      readdirSync(dir)
        .filter((f) => f.endsWith('.ts'))
        .flatMap((f) => [
          ...readFileSync(join(dir, f), 'utf8').matchAll(/client\.((?:[a-z]+\.)+[a-zA-Z]+)\(/g),
        ])
        .map((m) => m[1] as string),
    );
    expect([...called].sort()).toEqual(Object.keys(SCOPES).sort());
    const manifest = parse(readFileSync(join(ROOT, 'resources/slack-app-manifest.yml'), 'utf8')) as {
      oauth_config: { scopes: { bot: string[]; user?: string[] } };
      settings: { interactivity: { is_enabled: boolean; request_url: string } };
    };
    const needed = new Set([...called].flatMap((method) => SCOPES[method] ?? []));
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
    expect(manifest.settings.interactivity).toMatchObject({
      is_enabled: true,
      request_url: expect.stringMatching(/\/slack\/interactions$/),
    });
  });
});
