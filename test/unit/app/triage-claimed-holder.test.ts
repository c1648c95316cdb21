import { describe, expect, it } from 'vitest';
import { MemoryIncidentRegistry } from '../../../src/adapters/local/memory-incident-registry.js';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { type TriageDeps, triage } from '../../../src/app/triage.js';
import { seededIds } from '../../../src/domain/ids.js';
import { ownRolePatterns } from '../../../src/domain/protection.js';
import type { Identity } from '../../../src/ports/identity.js';
import { ManualClock } from '../../support/fixed-clock.js';
import { eventFixture, variant } from '../../support/fixtures.js';
import { RecordingWorkflow } from '../../support/recording-workflow.js';

const ACCOUNT = '111122223333';
const KEY = 'AKIAIOSFODNN7EXAMPLE';

/** alice and bob, each with a key, `protect` tagged rekey:protected; the key's owner is `owner`. */
function world(owner: 'alice' | 'bob', protect: 'alice' | 'bob') {
  const clock = new ManualClock('2026-11-28T10:40:00Z');
  const user = (name: 'alice' | 'bob', key: string) => ({
    name,
    tags: { [name === protect ? 'rekey:protected' : 'team']: name === protect ? 'true' : 'payments' },
    accessKeys: [{ id: key, createdAt: '2025-03-02T10:00:00Z' }],
  });
  const sandbox = new SandboxAccount(
    {
      id: ACCOUNT,
      users: [
        user('alice', owner === 'alice' ? KEY : 'AKIAALICEOTHERKEY001'),
        user('bob', owner === 'bob' ? KEY : 'AKIABOBOTHERKEY00001'),
      ],
    },
    clock,
  );
  const timeline = new MemoryTimelineStore();
  const deps: TriageDeps & { workflow: RecordingWorkflow; registry: MemoryIncidentRegistry } = {
    identityFor: () => sandbox.identity(),
    registry: new MemoryIncidentRegistry(),
    timeline,
    workflow: new RecordingWorkflow(),
    clock,
    ids: seededIds('claimed'),
    protectedPrincipals: [],
    ownRoles: ownRolePatterns(),
    drill: false,
  };
  return { sandbox, deps, timeline };
}

/** GuardDuty's finding about the key, naming `userName` as its user (anyone with events:PutEvents can write it). */
const findingNaming = (userName: string) =>
  variant(eventFixture('aws.guardduty', 'iam-user-tor-caller'), (e) => {
    const detail = e.detail as { resource: { accessKeyDetails: Record<string, string> } };
    detail.resource.accessKeyDetails.userName = userName;
    detail.resource.accessKeyDetails.accessKeyId = KEY;
  });

const reads = (sandbox: SandboxAccount, operation: string) =>
  sandbox.apiCalls.filter((c) => c.operation === operation).map((c) => c.target);

describe('triage of a key whose event names its user', () => {
  it("reads the named user's tags, keys and policies while IAM is asked who owns the key, each once", async () => {
    const { sandbox, deps, timeline } = world('alice', 'bob');
    // IAM answers who owns the key a moment after being asked: what was read by then was read alongside it.
    const started: string[] = [];
    let beforeAnswer: string[] = [];
    const observed = (identity: Identity): Identity =>
      new Proxy(identity, {
        get: (target, property, receiver) => {
          const value = Reflect.get(target, property, receiver) as (...args: unknown[]) => unknown;
          if (typeof value !== 'function') return value;
          if (property === 'accessKeyLastUsed')
            return async (key: string) => {
              await new Promise((resolve) => setImmediate(resolve));
              beforeAnswer = [...started];
              return value.call(target, key);
            };
          return (...args: unknown[]) => {
            started.push(String(property));
            return value.apply(target, args);
          };
        },
      });
    const result = await triage(findingNaming('alice'), {
      ...deps,
      identityFor: () => observed(sandbox.identity()),
    });

    expect(result.signals[0]).toMatchObject({ outcome: 'opened' });
    expect(beforeAnswer.sort()).toEqual([
      'getPrincipal',
      'listAccessKeys',
      'listAttachedPolicyArns',
      'listInlinePolicyNames',
    ]);
    for (const operation of ['GetUser', 'ListAccessKeys', 'ListUserPolicies', 'ListAttachedUserPolicies'])
      expect(reads(sandbox, operation), operation).toEqual(['alice']);
    const [opened] = await timeline.list(deps.workflow.starts[0]?.name ?? '');
    expect(opened?.data?.holder).toMatchObject({ principal: { name: 'alice' } });
  });

  it("contains the key's real owner, never the protected user a forged name points at", async () => {
    const { sandbox, deps, timeline } = world('alice', 'bob');
    const result = await triage(findingNaming('bob'), deps);

    expect(result.signals[0]).toMatchObject({
      outcome: 'opened',
      exposure: { principal: { name: 'alice', arn: `arn:aws:iam::${ACCOUNT}:user/alice` } },
    });
    expect(deps.workflow.starts).toHaveLength(1);
    const [opened] = await timeline.list(deps.workflow.starts[0]?.name ?? '');
    expect(opened?.data).toMatchObject({
      principalArn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      note: 'the source named user bob; IAM says the key belongs to alice',
      // The reading the playbook acts on is the owner's, read afresh, never the named user's.
      holder: { principal: { name: 'alice' }, accessKeys: [{ accessKeyId: KEY, userName: 'alice' }] },
    });
    // bob's reading cost time only: alice was read after IAM named her.
    expect(reads(sandbox, 'ListAccessKeys')).toEqual(['bob', 'alice']);
  });

  it('reports a protected owner and contains nothing when the event names an unprotected user instead', async () => {
    const { deps } = world('bob', 'bob');
    const result = await triage(findingNaming('alice'), deps);

    expect(result.signals).toEqual([
      expect.objectContaining({
        outcome: 'reported',
        reason: `arn:aws:iam::${ACCOUNT}:user/bob is tagged rekey:protected: reported, never contained`,
      }),
    ]);
    expect(deps.workflow.starts).toHaveLength(0);
    expect(deps.registry.incidents.size).toBe(0);
  });
});
