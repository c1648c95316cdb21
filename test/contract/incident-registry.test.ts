import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { DynamoDbIncidentRegistry } from '../../src/adapters/aws/dynamodb-incident-registry.js';
import { FileIncidentRegistry } from '../../src/adapters/local/file-incident-registry.js';
import { MemoryIncidentRegistry } from '../../src/adapters/local/memory-incident-registry.js';
import type { IncidentRegistry } from '../../src/ports/incident-registry.js';
import { aliceExposure } from '../support/incident.js';
import { motoDynamoDb } from './moto-dynamodb.js';

const worlds: Array<[string, () => Promise<IncidentRegistry>]> = [
  ['memory', async () => new MemoryIncidentRegistry()],
  ['the local file', async () => new FileIncidentRegistry(mkdtempSync(join(tmpdir(), 'rekey-registry-')))],
  [
    'DynamoDB (moto)',
    async () =>
      new DynamoDbIncidentRegistry({
        client: await motoDynamoDb(inject('motoEndpoint'), [{ name: 'incidents' }]),
        table: 'incidents',
      }),
  ],
];

const start = Date.parse('2026-11-28T09:00:00Z');
const signal = (eventId: string, minutes: number, reportId = eventId) => ({
  exposure: aliceExposure({ eventId, reportId, observedAt: '2026-11-28T08:59:00Z' }),
  subject: 'access-key/AKIAIOSFODNN7EXAMPLE',
  playbook: 'exposed-access-key',
  drill: false,
  at: new Date(start + minutes * 60_000),
  newIncidentId: () => 'rk-20261128-aaaa0001',
});

describe.each(worlds)('the incident registry in %s', (_name, make) => {
  let registry: IncidentRegistry;
  beforeEach(async () => {
    registry = await make();
  });

  it('never re-raises a closed incident for a re-delivery, however many signals and minutes came between', async () => {
    await registry.openOrJoin(signal('e-first', 0));
    for (let i = 0; i < 25; i += 1) await registry.openOrJoin(signal(`e-${i}`, 1 + i));
    await registry.close('rk-20261128-aaaa0001', new Date(start + 30 * 60_000));
    const late = await registry.openOrJoin(signal('e-first', 45));
    expect(late).toMatchObject({
      kind: 'duplicate',
      incident: { id: 'rk-20261128-aaaa0001', status: 'closed' },
    });
    // New evidence still re-raises.
    const fresh = await registry.openOrJoin(signal('e-new', 46));
    expect(fresh).toMatchObject({ kind: 'reraised', incident: { id: 'rk-20261128-aaaa0001-r1' } });
  });

  it('remembers a delivery for 15 days (an event kept 14 days on the dead-letter queue, sent again), then forgets it', async () => {
    await registry.openOrJoin(signal('e-first', 0));
    await registry.close('rk-20261128-aaaa0001', new Date(start + 30 * 60_000));
    for (let i = 0; i < 25; i += 1) await registry.openOrJoin(signal(`e-${i}`, 31 + i, 'again'));
    const day = 24 * 60;
    expect((await registry.openOrJoin(signal('e-first', 14 * day + 23 * 60))).kind).toBe('duplicate');
    expect((await registry.openOrJoin(signal('e-first', 15 * day + 60))).kind).not.toBe('duplicate');
  });

  it("joins a key's signal to its user's open incident only while that incident covers the key", async () => {
    const userSignal = {
      ...signal('e-quarantine', 0),
      exposure: {
        ...aliceExposure({
          eventId: 'e-quarantine',
          reportId: 'e-quarantine',
          observedAt: '2026-11-28T08:59:00Z',
        }),
        accessKeyId: undefined,
        accessKeyIds: ['AKIAIOSFODNN7EXAMPLE', 'AKIAI44QH8DHBEXAMPLE'],
      },
      subject: 'user-keys/alice',
    };
    await registry.openOrJoin(userSignal);
    const covers = (key: string) => (i: { exposure: { accessKeyIds?: string[] } }) =>
      (i.exposure.accessKeyIds ?? []).includes(key);
    const own = signal('e-finding', 4);
    const keySignal = { ...own, subject: 'user-keys/alice' };
    // A key the incident does not cover is its own subject, registered in the same call.
    const other = {
      ...own,
      subject: 'access-key/AKIAOTHEREXAMPLEKEY1',
      newIncidentId: () => 'rk-20261128-bbbb0002',
    };
    expect(
      await registry.joinElseOpen(
        { ...other, subject: 'user-keys/alice' },
        covers('AKIAOTHEREXAMPLEKEY1'),
        other,
      ),
    ).toMatchObject({ own: { kind: 'opened', incident: { id: 'rk-20261128-bbbb0002' } } });
    expect(await registry.get('rk-20261128-aaaa0001')).toMatchObject({ signals: 1 });
    const joined = await registry.joinElseOpen(keySignal, covers('AKIAIOSFODNN7EXAMPLE'), own);
    expect(joined).toMatchObject({
      joined: { kind: 'joined', incident: { id: 'rk-20261128-aaaa0001', signals: 2 } },
    });
    // Its re-delivery is the duplicate it is, however the incident stands.
    expect(await registry.joinElseOpen(keySignal, covers('AKIAIOSFODNN7EXAMPLE'), own)).toMatchObject({
      joined: { kind: 'duplicate' },
    });
    await registry.close('rk-20261128-aaaa0001', new Date(start + 30 * 60_000));
    // Once closed, a new signal about the key is the key's own again.
    const later = { ...signal('e-later', 60), newIncidentId: () => 'rk-20261128-cccc0003' };
    expect(
      await registry.joinElseOpen(
        { ...later, subject: 'user-keys/alice' },
        covers('AKIAIOSFODNN7EXAMPLE'),
        later,
      ),
    ).toMatchObject({ own: { kind: 'opened', incident: { id: 'rk-20261128-cccc0003' } } });
  });
});
