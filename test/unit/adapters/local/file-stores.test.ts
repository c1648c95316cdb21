import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileIncidentRegistry } from '../../../../src/adapters/local/file-incident-registry.js';
import { FileTimelineStore } from '../../../../src/adapters/local/file-timeline-store.js';
import type { Exposure } from '../../../../src/domain/exposure.js';
import { verifyChain } from '../../../../src/domain/timeline.js';

const temp = () => mkdtempSync(join(tmpdir(), 'rekey-files-'));
const draft = (n: number) => ({
  type: 'notification-sent' as const,
  at: '2026-11-28T09:00:00Z',
  actor: 'rekey:test',
  summary: `entry ${n}`,
});

describe('the file timeline store', () => {
  it('keeps one chain when many appends race', async () => {
    const store = new FileTimelineStore(temp());
    await Promise.all(Array.from({ length: 25 }, (_, i) => store.append('rk-1', draft(i))));
    const entries = await store.list('rk-1');
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(verifyChain(entries)).toEqual([]);
  });

  it('lets verification find an entry edited on disk', async () => {
    const dir = temp();
    const store = new FileTimelineStore(dir);
    for (let i = 0; i < 3; i += 1) await store.append('rk-1', draft(i));
    const path = store.pathOf('rk-1');
    writeFileSync(path, readFileSync(path, 'utf8').replace('entry 1', 'entry one'));
    expect(verifyChain(await store.list('rk-1'))).toEqual([
      { seq: 2, problem: 'content does not match its hash' },
    ]);
  });
});

describe('the file incident registry', () => {
  const signal = (id: string) => ({
    exposure: { accountId: '111122223333', evidence: { eventId: `event-${id}` } } as Exposure,
    subject: 'access-key/AKIAIOSFODNN7EXAMPLE',
    playbook: 'exposed-access-key',
    drill: true,
    at: new Date('2026-11-28T09:00:00Z'),
    newIncidentId: () => id,
  });

  it('opens one incident for concurrent signals about the same subject, and remembers the playbook start', async () => {
    const dir = temp();
    const registry = new FileIncidentRegistry(dir);
    const outcomes = await Promise.all(['a', 'b', 'c'].map((id) => registry.openOrJoin(signal(id))));
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['joined', 'joined', 'opened']);
    await registry.markPlaybookStarted('a');
    const again = await new FileIncidentRegistry(dir).openOrJoin(signal('d'));
    expect(again).toMatchObject({ kind: 'joined', playbookStarted: true, incident: { id: 'a', signals: 4 } });
  });

  it('closes an incident once, keeping the first close time', async () => {
    const registry = new FileIncidentRegistry(temp());
    await registry.openOrJoin(signal('a'));
    const first = await registry.close('a', new Date('2026-11-28T10:00:00Z'));
    const second = await registry.close('a', new Date('2026-11-28T11:00:00Z'));
    expect(first.closedAt).toBe('2026-11-28T10:00:00.000Z');
    expect(second.closedAt).toBe('2026-11-28T10:00:00.000Z');
  });
});
