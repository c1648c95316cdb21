import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryIncidentRegistry } from '../../../src/adapters/local/memory-incident-registry.js';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { type TriageDeps, triage } from '../../../src/app/triage.js';
import { seededIds } from '../../../src/domain/ids.js';
import { aliceAccount } from '../../support/alice-account.js';
import { ManualClock } from '../../support/fixed-clock.js';
import { eventFixture, variant } from '../../support/fixtures.js';
import { RecordingWorkflow } from '../../support/recording-workflow.js';

let deps: TriageDeps & { workflow: RecordingWorkflow };

beforeEach(() => {
  const clock = new ManualClock('2026-11-28T09:31:00Z');
  const sandbox = new SandboxAccount(aliceAccount, clock);
  deps = {
    identityFor: () => sandbox.identity(),
    registry: new MemoryIncidentRegistry(),
    timeline: new MemoryTimelineStore(),
    workflow: new RecordingWorkflow(),
    clock,
    ids: seededIds('test'),
    protectedPrincipals: [],
    drill: false,
  };
});

describe('triage of an AWS Health console compromise', () => {
  it('opens a root incident for the account it names, which AWS does not call certain (so responders decide)', async () => {
    const result = await triage(eventFixture('aws.health', 'account-console-compromise'), deps);
    expect(result.signals).toEqual([
      expect.objectContaining({
        outcome: 'opened',
        playbook: 'root-credential-use',
        exposure: expect.objectContaining({
          kind: 'root',
          accountId: '111122223333',
          evidence: expect.objectContaining({ awsReportedExposed: false }),
        }),
      }),
    ]);
  });

  it('opens a console sign-in incident for a user it names', async () => {
    const event = variant(eventFixture('aws.health', 'account-console-compromise'), (e) => {
      (e.detail as Record<string, unknown>).affectedEntities = [
        { entityValue: 'arn:aws:iam::111122223333:user/alice' },
      ];
    });
    const result = await triage(event, deps);
    expect(result.signals).toEqual([
      expect.objectContaining({
        outcome: 'opened',
        playbook: 'suspicious-console-login',
        exposure: expect.objectContaining({ principal: expect.objectContaining({ name: 'alice' }) }),
      }),
    ]);
  });
});
