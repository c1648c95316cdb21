import { beforeEach, describe, expect, inject, it } from 'vitest';
import { DynamoDbReplayGuard } from '../../src/adapters/aws/dynamodb-replay-guard.js';
import { DynamoDbSlackThreads } from '../../src/adapters/aws/dynamodb-slack-threads.js';
import { MemoryReplayGuard } from '../../src/adapters/local/memory-replay-guard.js';
import { MemorySlackThreads } from '../../src/adapters/local/memory-slack-threads.js';
import type { ReplayGuard } from '../../src/ports/replay-guard.js';
import type { SlackThread, SlackThreadStore } from '../../src/ports/slack-threads.js';
import { ManualClock } from '../support/fixed-clock.js';
import { motoDynamoDb } from './moto-dynamodb.js';

interface Stores {
  threads: SlackThreadStore;
  replays: ReplayGuard;
  clock: ManualClock;
}

async function moto(endpoint: string): Promise<Stores> {
  const documents = await motoDynamoDb(endpoint, [{ name: 'approvals' }, { name: 'replays' }]);
  const clock = new ManualClock('2026-11-28T09:00:00Z');
  return {
    threads: new DynamoDbSlackThreads({ client: documents, table: 'approvals' }),
    replays: new DynamoDbReplayGuard({ client: documents, table: 'replays', clock }),
    clock,
  };
}

function local(): Stores {
  const clock = new ManualClock('2026-11-28T09:00:00Z');
  return { threads: new MemorySlackThreads(), replays: new MemoryReplayGuard(clock), clock };
}

const worlds: Array<[string, () => Promise<Stores>]> = [
  ['the local stores', async () => local()],
  ['the DynamoDB adapters against moto', () => moto(inject('motoEndpoint'))],
];

const thread: SlackThread = {
  incidentId: 'rk-1',
  channel: 'C0INCIDENTS',
  ts: '1700000001.000100',
  drill: false,
  headline: ['access key AKIAIOSFODNN7EXAMPLE of alice'],
  status: 'open',
  done: [],
  pending: ['deactivate-key'],
  messages: { 'approval:deactivate-key': '1700000002.000100' },
  version: 1,
};

describe.each(worlds)('%s', (_name, make) => {
  let stores: Stores;
  beforeEach(async () => {
    stores = await make();
  });

  it('keep one Slack thread per incident, each write conditional on the version it read', async () => {
    expect(await stores.threads.put(thread)).toBe(true);
    expect(await stores.threads.put({ ...thread, ts: 'other' })).toBe(false);
    expect(await stores.threads.put({ ...thread, status: 'contained', version: 2 })).toBe(true);
    expect(await stores.threads.put({ ...thread, status: 'stale', version: 2 })).toBe(false);
    expect(await stores.threads.get('rk-1')).toEqual({ ...thread, status: 'contained', version: 2 });
    expect(await stores.threads.get('rk-2')).toBeUndefined();
  });

  it('let a Slack request be claimed once until it expires', async () => {
    const expires = new Date('2026-11-28T09:06:00Z');
    expect(await stores.replays.claim('slack:v0=abc', expires)).toBe(true);
    expect(await stores.replays.claim('slack:v0=abc', expires)).toBe(false);
    expect(await stores.replays.claim('slack:v0=def', expires)).toBe(true);
    // TTL deletes lazily: an expired key that is still stored may be claimed again.
    stores.clock.advance(7 * 60_000);
    expect(await stores.replays.claim('slack:v0=abc', new Date('2026-11-28T09:13:00Z'))).toBe(true);
  });
});
