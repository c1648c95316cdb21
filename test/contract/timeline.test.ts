import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { DynamoDbTimelineStore } from '../../src/adapters/aws/dynamodb-timeline-store.js';
import { FileTimelineStore } from '../../src/adapters/local/file-timeline-store.js';
import { verifyChain } from '../../src/domain/timeline.js';
import type { TimelineStore } from '../../src/ports/timeline-store.js';
import { ROOT } from '../support/drills.js';
import { motoDynamoDb } from './moto-dynamodb.js';

const credentials = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: 'us-east-1',
};

async function dynamo(endpoint: string): Promise<TimelineStore> {
  const client = await motoDynamoDb(endpoint, [{ name: 'timeline', sortKey: 'seq' }]);
  return new DynamoDbTimelineStore({ client, table: 'timeline' });
}

const worlds: Array<[string, () => Promise<TimelineStore>]> = [
  ['the local file store', async () => new FileTimelineStore(mkdtempSync(join(tmpdir(), 'rekey-timeline-')))],
  ['the DynamoDB adapter against moto', () => dynamo(inject('motoEndpoint'))],
];

const draft = (i: number) => ({
  type: 'notification-sent' as const,
  at: `2026-11-28T09:00:${String(i).padStart(2, '0')}.000Z`,
  actor: 'rekey:notify',
  summary: `notice ${i}`,
});

describe.each(worlds)('the timeline in %s', (_name, make) => {
  let store: TimelineStore;
  beforeEach(async () => {
    store = await make();
  });

  it('never forks the chain under concurrent appends: each writer links to the winner and retries', async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => store.append('rk-1', draft(i))));
    const entries = await store.list('rk-1');
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(verifyChain(entries)).toEqual([]);
    expect(new Set(entries.map((e) => e.summary)).size).toBe(12);
  });

  it('lists the incidents that have a timeline', async () => {
    await store.append('rk-2', draft(1));
    await store.append('rk-1', draft(1));
    await store.append('rk-1', draft(2));
    expect(await store.incidents()).toEqual(['rk-1', 'rk-2']);
  });
});

describe('rekey review against the deployed table', () => {
  it('verifies and renders a timeline read through AWS_ENDPOINT_URL', async () => {
    const endpoint = inject('motoEndpoint');
    const store = await dynamo(endpoint);
    await store.append('rk-20261128-aaaa0001', {
      type: 'incident-opened',
      at: '2026-11-28T09:00:00.000Z',
      actor: 'aws.guardduty',
      summary:
        'Incident opened: UnauthorizedAccess:IAMUser/TorIPCaller on access key AKIAIOSFODNN7EXAMPLE of alice',
      data: { observedAt: '2026-11-28T08:58:41Z', receivedAt: '2026-11-28T09:00:00.000Z', drill: false },
    });
    await store.append('rk-20261128-aaaa0001', draft(5));
    const run = (...args: string[]) =>
      promisify(execFile)(
        process.execPath,
        // Run from an empty folder (no local state to fall back on): tsx by its path.
        [
          '--import',
          pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href,
          join(ROOT, 'src/cli/main.ts'),
          'review',
          ...args,
          '--timeline-table',
          'timeline',
        ],
        {
          cwd: mkdtempSync(join(tmpdir(), 'rekey-review-')),
          env: { ...process.env, ...credentials, AWS_ENDPOINT_URL: endpoint },
        },
      );
    const verified = await run('rk-20261128-aaaa0001', '--verify');
    expect(verified.stdout).toMatch(/intact: 2 entries/);
    expect(verified.stdout).toMatch(/warning: no review recorded a head/);
    const rendered = await run('rk-20261128-aaaa0001');
    expect(rendered.stdout).toContain('| Time to detect (activity seen → Rekey received it) | 1m 19s |');
    const all = await run('--all');
    expect(all.stdout).toMatch(/^1 incident\(s\)/);
  });
});
