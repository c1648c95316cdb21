import { beforeEach, describe, expect, it } from 'vitest';
import { triage } from '../../../src/app/triage.js';
import { aliceTriage } from '../../support/alice-triage.js';
import { eventFixture } from '../../support/fixtures.js';

let deps: ReturnType<typeof aliceTriage>;

beforeEach(() => {
  deps = aliceTriage('2026-11-28T09:12:00Z');
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
