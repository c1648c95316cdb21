import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryIncidentRegistry } from '../../../src/adapters/local/memory-incident-registry.js';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { type TriageDeps, triage } from '../../../src/app/triage.js';
import { seededIds } from '../../../src/domain/ids.js';
import { aliceAccount } from '../../support/alice-account.js';
import { ManualClock } from '../../support/fixed-clock.js';
import { eventFixture } from '../../support/fixtures.js';
import { RecordingWorkflow } from '../../support/recording-workflow.js';

let deps: TriageDeps & { workflow: RecordingWorkflow };

beforeEach(() => {
  const clock = new ManualClock('2026-11-28T09:12:00Z');
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

const sequence = () => eventFixture('aws.guardduty', 'attack-sequence-iam-compromised-credentials');

describe('triage of a GuardDuty attack sequence about compromised credentials', () => {
  it('opens one incident per credential it names, each with the playbook for its kind', async () => {
    const result = await triage(sequence(), deps);
    expect(result.signals).toEqual([
      expect.objectContaining({
        outcome: 'opened',
        playbook: 'exposed-access-key',
        exposure: expect.objectContaining({
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          principal: { type: 'IAMUser', name: 'alice', arn: 'arn:aws:iam::111122223333:user/alice' },
        }),
      }),
      expect.objectContaining({
        outcome: 'opened',
        playbook: 'compromised-role-session',
        exposure: expect.objectContaining({ principal: expect.objectContaining({ name: 'deploy-role' }) }),
      }),
    ]);
    expect(deps.workflow.starts.map((s) => s.playbook)).toEqual([
      'exposed-access-key',
      'compromised-role-session',
    ]);
  });

  it("joins the incident one of its signals (GuardDuty's Tor finding) already opened for the same key", async () => {
    const tor = await triage(eventFixture('aws.guardduty', 'iam-user-tor-caller'), deps);
    const id = (tor.signals[0] as { incidentId: string }).incidentId;
    const result = await triage(sequence(), deps);
    expect(result.signals[0]).toMatchObject({ outcome: 'joined', incidentId: id });
    expect(result.signals[1]).toMatchObject({ outcome: 'opened', playbook: 'compromised-role-session' });
  });
});
