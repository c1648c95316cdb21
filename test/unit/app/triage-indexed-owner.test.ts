import { describe, expect, it } from 'vitest';
import { MemoryIncidentRegistry } from '../../../src/adapters/local/memory-incident-registry.js';
import { MemoryKeyOwners } from '../../../src/adapters/local/memory-key-owners.js';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { takeKeyInventory } from '../../../src/app/key-inventory.js';
import { type TriageDeps, triage } from '../../../src/app/triage.js';
import { seededIds } from '../../../src/domain/ids.js';
import { ownRolePatterns } from '../../../src/domain/protection.js';
import type { KeyOwnerIndex } from '../../../src/ports/key-owners.js';
import { ManualClock } from '../../support/fixed-clock.js';
import { eventFixture, variant } from '../../support/fixtures.js';
import { RecordingWorkflow } from '../../support/recording-workflow.js';

const ACCOUNT = '111122223333';
const KEY = 'AKIAIOSFODNN7EXAMPLE';

/** alice owns the key; bob, tagged rekey:protected, has a key of his own. */
function world(keyOwners: KeyOwnerIndex) {
  const clock = new ManualClock('2026-11-28T10:40:00Z');
  const sandbox = new SandboxAccount(
    {
      id: ACCOUNT,
      users: [
        { name: 'alice', accessKeys: [{ id: KEY, createdAt: '2025-03-02T10:00:00Z' }] },
        {
          name: 'bob',
          tags: { 'rekey:protected': 'true' },
          accessKeys: [{ id: 'AKIABOBOTHERKEY00001', createdAt: '2025-03-02T10:00:00Z' }],
        },
      ],
    },
    clock,
  );
  const timeline = new MemoryTimelineStore();
  const deps: TriageDeps & { workflow: RecordingWorkflow } = {
    identityFor: () => sandbox.identity(),
    keyOwners,
    registry: new MemoryIncidentRegistry(),
    timeline,
    workflow: new RecordingWorkflow(),
    clock,
    ids: seededIds('indexed'),
    protectedPrincipals: [],
    ownRoles: ownRolePatterns(),
    drill: false,
  };
  return { sandbox, deps, timeline };
}

/** AWS Health's exposed-key event as AWS sends it: the key alone, no user named. */
const healthEvent = variant(eventFixture('aws.health', 'credentials-exposed'), (e) => {
  const metadata = (e.detail as { eventMetadata: Record<string, string> }).eventMetadata;
  delete metadata.userName;
});

const reads = (sandbox: SandboxAccount, operation: string) =>
  sandbox.apiCalls.filter((c) => c.operation === operation).map((c) => c.target);

describe('triage of a key the event does not name the user of, with the key-owner index', () => {
  it("guesses the owner the inventory recorded, and reads that user once, beside IAM's answer", async () => {
    const index = new MemoryKeyOwners();
    const { sandbox, deps } = world(index);
    expect(await takeKeyInventory([ACCOUNT], deps.identityFor ?? (() => sandbox.identity()), index)).toEqual({
      [ACCOUNT]: { keys: 2 },
    });
    sandbox.apiCalls.length = 0;

    const result = await triage(healthEvent, deps);

    expect(result.signals[0]).toMatchObject({
      outcome: 'opened',
      exposure: { principal: { name: 'alice' } },
    });
    for (const operation of ['GetUser', 'ListAccessKeys', 'ListUserPolicies', 'ListAttachedUserPolicies'])
      expect(reads(sandbox, operation), operation).toEqual(['alice']);
    expect(reads(sandbox, 'GetAccessKeyLastUsed')).toEqual([KEY]);
  });

  it('contains the owner IAM names, never the protected user a tampered entry names, and corrects the entry', async () => {
    const index = new MemoryKeyOwners();
    await index.record([{ accountId: ACCOUNT, accessKeyId: KEY, userName: 'bob' }]);
    const { sandbox, deps, timeline } = world(index);

    const result = await triage(healthEvent, deps);

    expect(result.signals[0]).toMatchObject({
      outcome: 'opened',
      exposure: { principal: { name: 'alice', arn: `arn:aws:iam::${ACCOUNT}:user/alice` } },
    });
    const [opened] = await timeline.list(deps.workflow.starts[0]?.name ?? '');
    // The reading the playbook acts on is the owner's, read after IAM named her; bob's cost a wasted read.
    expect(opened?.data).toMatchObject({
      principalArn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      holder: { principal: { name: 'alice' }, accessKeys: [{ accessKeyId: KEY, userName: 'alice' }] },
    });
    expect(reads(sandbox, 'ListAccessKeys')).toEqual(['bob', 'alice']);
    expect(await index.ownerOf(ACCOUNT, KEY)).toBe('alice');
  });

  it('records the owner IAM names when the index does not know the key, and triages as without it', async () => {
    const index = new MemoryKeyOwners();
    const { sandbox, deps } = world(index);

    const result = await triage(healthEvent, deps);

    expect(result.signals[0]).toMatchObject({
      outcome: 'opened',
      exposure: { principal: { name: 'alice' } },
    });
    expect(reads(sandbox, 'ListAccessKeys')).toEqual(['alice']);
    expect(await index.ownerOf(ACCOUNT, KEY)).toBe('alice');
  });

  it('triages as without an index when the index cannot be read or written', async () => {
    const broken: KeyOwnerIndex = {
      ownerOf: async () => {
        throw new Error('ProvisionedThroughputExceededException');
      },
      record: async () => {
        throw new Error('ProvisionedThroughputExceededException');
      },
    };
    const { deps } = world(broken);

    const result = await triage(healthEvent, deps);

    expect(result.signals[0]).toMatchObject({
      outcome: 'opened',
      exposure: { principal: { name: 'alice' } },
    });
  });
});
