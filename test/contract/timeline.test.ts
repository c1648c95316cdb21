import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { FileTimelineStore } from '../../src/adapters/local/file-timeline-store.js';
import { chainEntry, type TimelineWriter, verifyChain } from '../../src/domain/timeline.js';
import type { TimelineStore } from '../../src/ports/timeline-store.js';
import { ROOT } from '../support/drills.js';
import { ANCHOR_BUCKET, motoTimeline } from './moto-timeline.js';

const credentials = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: 'us-east-1',
};

/** A timeline store per writer, and a way to write the underlying store as an attacker who can. */
interface World {
  as(writer: TimelineWriter): TimelineStore;
  /** Puts an entry into the store as it is, bypassing sealing (PutItem on the table, a line in the file). */
  forge(entry: Record<string, unknown>): Promise<void>;
}

const worlds: Array<[string, () => Promise<World>]> = [
  [
    'the local file store',
    async () => {
      const dir = join(mkdtempSync(join(tmpdir(), 'rekey-timeline-')), 'timelines');
      const store = new FileTimelineStore(dir);
      return {
        as: (writer) => store.as(writer),
        forge: async (entry) => {
          const { appendFile, mkdir } = await import('node:fs/promises');
          await mkdir(dir, { recursive: true });
          await appendFile(store.pathOf(String(entry.incidentId)), `${JSON.stringify(entry)}\n`);
        },
      };
    },
  ],
  [
    'the DynamoDB, KMS and S3 adapters against moto',
    async () => {
      const deployed = await motoTimeline(inject('motoEndpoint'));
      return {
        as: deployed.as,
        forge: async (entry) => {
          await deployed.documents.send(new PutCommand({ TableName: 'timeline', Item: entry }));
        },
      };
    },
  ],
];

const draft = (i: number) => ({
  type: 'notification-sent' as const,
  at: `2026-11-28T09:00:${String(i).padStart(2, '0')}.000Z`,
  actor: 'rekey:notify',
  summary: `notice ${i}`,
});

describe.each(worlds)('the timeline in %s', (_name, make) => {
  let world: World;
  let store: TimelineStore;
  beforeEach(async () => {
    world = await make();
    store = world.as('notify');
  });

  it('never forks the chain under concurrent appends: each writer links to the winner and retries', async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => store.append('rk-1', draft(i))));
    const entries = await store.list('rk-1');
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(verifyChain(entries)).toEqual([]);
    expect(new Set(entries.map((e) => e.summary)).size).toBe(12);
  });

  it('appends several drafts as consecutive sealed entries in one write, never interleaved with other writers', async () => {
    await store.append('rk-1', draft(0));
    const [pair, , triple] = await Promise.all([
      store.appendAll('rk-1', [draft(1), draft(2)]),
      store.append('rk-1', draft(3)),
      store.appendAll('rk-1', [draft(4), draft(5), draft(6)]),
    ]);
    const entries = await store.list('rk-1');
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(verifyChain(entries)).toEqual([]);
    expect(await Promise.all(entries.map((e) => store.authentic(e)))).toEqual(entries.map(() => true));
    for (const batch of [pair, triple]) {
      const seqs = batch.map((e) => e.seq);
      expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i));
      expect(batch.map((e) => e.summary)).toEqual(
        batch.map((_, i) => `notice ${batch === pair ? 1 + i : 4 + i}`),
      );
    }
    // Only each write's last head is anchored: the entries before it are chained into it.
    const heads = await store.anchoredHeads('rk-1');
    expect(heads).toEqual(
      expect.arrayContaining(
        [triple, pair].map((b) => b.at(-1)).map((e) => ({ count: e?.seq, hash: e?.hash })),
      ),
    );
  });

  it('seals each entry as its writer and anchors every head outside the store', async () => {
    await world.as('triage').append('rk-1', { ...draft(1), type: 'incident-opened', actor: 'aws.guardduty' });
    await store.append('rk-1', draft(2));
    const entries = await store.list('rk-1');
    expect(entries.map((e) => e.writer)).toEqual(['triage', 'notify']);
    expect(await Promise.all(entries.map((e) => store.authentic(e)))).toEqual([true, true]);
    const heads = await store.anchoredHeads('rk-1');
    expect(heads).toEqual(expect.arrayContaining(entries.map((e) => ({ count: e.seq, hash: e.hash }))));
  });

  it('believes no entry written past the seals: unsealed, sealed by a writer not allowed its type, or altered', async () => {
    await world.as('triage').append('rk-1', { ...draft(1), type: 'incident-opened', actor: 'aws.guardduty' });
    const [opened] = await store.list('rk-1');
    // Anyone with PutItem on the table can chain an entry; the notify function can seal one as itself.
    const undo = {
      operation: 'iam:PutInlinePolicy',
      parameters: { principal: { kind: 'user', name: 'mallory' } },
    };
    const claim = {
      type: 'step-succeeded' as const,
      at: '2026-11-28T09:01:00.000Z',
      actor: 'rekey:action',
      step: 'x',
      summary: 'forged',
      data: { outcome: { undo } },
    };
    const unsealed = chainEntry('rk-1', opened, claim, 'action');
    await world.forge(unsealed);
    const bySomeoneElse = await world.as('notify').append('rk-1', claim);
    const altered = { ...opened, summary: 'rewritten', seq: 9 } as typeof unsealed;
    expect(await store.authentic(unsealed)).toBe(false);
    expect(await store.authentic({ ...unsealed, seal: bySomeoneElse.seal ?? '' })).toBe(false);
    expect(bySomeoneElse.writer).toBe('notify');
    expect(await store.authentic(bySomeoneElse)).toBe(false);
    expect(await store.authentic(altered)).toBe(false);
  });

  it('lists the incidents that have a timeline', async () => {
    await store.append('rk-2', draft(1));
    await store.append('rk-1', draft(1));
    await store.append('rk-1', draft(2));
    expect(await store.incidents()).toEqual(['rk-1', 'rk-2']);
  });
});

describe('rekey review against the deployed table', () => {
  it('verifies and renders a timeline read through AWS_ENDPOINT_URL, and finds it emptied', async () => {
    const endpoint = inject('motoEndpoint');
    const deployed = await motoTimeline(endpoint);
    await deployed.as('triage').append('rk-20261128-aaaa0001', {
      type: 'incident-opened',
      at: '2026-11-28T09:00:00.000Z',
      actor: 'aws.guardduty',
      summary:
        'Incident opened: UnauthorizedAccess:IAMUser/TorIPCaller on access key AKIAIOSFODNN7EXAMPLE of alice',
      data: { observedAt: '2026-11-28T08:58:41Z', receivedAt: '2026-11-28T09:00:00.000Z', drill: false },
    });
    await deployed.as('notify').append('rk-20261128-aaaa0001', draft(5));
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
          '--anchor-bucket',
          ANCHOR_BUCKET,
        ],
        {
          cwd: mkdtempSync(join(tmpdir(), 'rekey-review-')),
          env: { ...process.env, ...credentials, AWS_ENDPOINT_URL: endpoint },
        },
      );
    const verified = await run('rk-20261128-aaaa0001', '--verify');
    expect(verified.stdout).toMatch(/intact: 2 entries/);
    const rendered = await run('rk-20261128-aaaa0001');
    expect(rendered.stdout).toContain('| Time to detect (activity seen → Rekey received it) | 1m 19s |');
    const all = await run('--all');
    expect(all.stdout).toMatch(/^1 incident\(s\)/);
    for (const seq of [1, 2])
      await deployed.documents.send(
        new DeleteCommand({ TableName: 'timeline', Key: { incidentId: 'rk-20261128-aaaa0001', seq } }),
      );
    const emptied = await run('rk-20261128-aaaa0001', '--verify').catch(
      (error: { stdout: string; code: number }) => error,
    );
    expect(emptied).toMatchObject({ code: 1 });
    expect(emptied.stdout).toMatch(
      /TAMPERED: the timeline is empty, but 2 entries were anchored: it was emptied/,
    );
    await deployed.as('notify').append('rk-20261128-aaaa0002', draft(1));
    // Another stage's keys are not here: the review says so, never that every entry is forged.
    const elsewhere = await run('rk-20261128-aaaa0002', '--stage', 'prod').catch(
      (error: { stderr: string; code: number }) => error,
    );
    expect(elsewhere).toMatchObject({ code: expect.any(Number) });
    expect((elsewhere as { stderr: string }).stderr).toMatch(
      /KMS has no timeline key alias\/rekey-prod-timeline-notify for the notify writer here: check the stage and the region/,
    );
  });
});
