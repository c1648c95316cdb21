import { beforeEach, describe, expect, it } from 'vitest';
import { triage } from '../../../src/app/triage.js';
import { aliceTriage } from '../../support/alice-triage.js';
import { eventFixture } from '../../support/fixtures.js';

let deps: ReturnType<typeof aliceTriage>;

beforeEach(() => {
  deps = aliceTriage('2026-11-28T09:22:00Z');
});

const sent = () => eventFixture('aws.securityhub', 'custom-action-guardduty-finding');

describe('triage of a finding a responder sent from Security Hub', () => {
  it('opens an incident for the key the GuardDuty copy names, whose every gate waits for a responder', async () => {
    const result = await triage(sent(), deps);
    expect(result.signals).toEqual([
      expect.objectContaining({
        outcome: 'opened',
        playbook: 'exposed-access-key',
        exposure: expect.objectContaining({
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          principal: { type: 'IAMUser', name: 'alice', arn: 'arn:aws:iam::111122223333:user/alice' },
          evidence: expect.objectContaining({
            awsReportedExposed: false,
            assertedBy:
              'Security Hub custom action arn:aws:securityhub:us-east-1:111122223333:action/custom/rekey',
          }),
        }),
      }),
    ]);
    expect(deps.workflow.starts).toHaveLength(1);
  });

  it('joins the incident GuardDuty already opened for the same finding, as one more signal', async () => {
    const first = await triage(eventFixture('aws.guardduty', 'iam-user-tor-caller'), deps);
    const id = (first.signals[0] as { incidentId: string }).incidentId;
    const again = await triage(sent(), deps);
    expect(again.signals[0]).toMatchObject({ outcome: 'joined', incidentId: id });
    expect(deps.workflow.starts).toHaveLength(1);
    const joined = (await deps.timeline.list(id)).find((e) => e.type === 'signal-joined');
    expect(joined?.data).toMatchObject({ guardDutyFindingId: '7ac6f0e1d2b34c5a8e9f0a1b2c3d4e5f' });
  });
});
