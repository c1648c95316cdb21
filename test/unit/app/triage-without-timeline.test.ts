import { describe, expect, it } from 'vitest';
import { MemoryIncidentRegistry } from '../../../src/adapters/local/memory-incident-registry.js';
import { type TriageDeps, triage } from '../../../src/app/triage.js';
import { containmentBreachEvent } from '../../../src/detections/containment-breach.js';
import { seededIds } from '../../../src/domain/ids.js';
import { ManualClock } from '../../support/fixed-clock.js';
import { eventFixture, variant } from '../../support/fixtures.js';
import { RecordingWorkflow } from '../../support/recording-workflow.js';

/** Triage as offline triage runs it: holders from the evidence, no timeline. */
function offlineDeps(): TriageDeps & { registry: MemoryIncidentRegistry; workflow: RecordingWorkflow } {
  return {
    registry: new MemoryIncidentRegistry(),
    timeline: null,
    workflow: new RecordingWorkflow(),
    clock: new ManualClock('2026-11-28T09:00:00Z'),
    ids: seededIds('offline'),
    protectedPrincipals: [],
    drill: false,
  };
}

describe('triage with no timeline (offline triage)', () => {
  it('opens, joins and counts re-deliveries as with one, recording nothing', async () => {
    const deps = offlineDeps();
    const event = eventFixture('aws.health', 'credentials-exposed');
    const opened = await triage(event, deps);
    expect(opened.signals).toEqual([
      expect.objectContaining({ outcome: 'opened', playbook: 'exposed-access-key' }),
    ]);
    expect(deps.workflow.starts).toHaveLength(1);
    expect((await triage(event, deps)).signals).toEqual([expect.objectContaining({ outcome: 'duplicate' })]);
    const again = variant(event, (e) => Object.assign(e as object, { id: 'another-delivery' }));
    expect((await triage(again, deps)).signals).toEqual([expect.objectContaining({ outcome: 'joined' })]);
    expect(deps.workflow.starts).toHaveLength(1);
  });

  it('refuses a breach report, having no timeline to find a breached verdict in', async () => {
    const deps = offlineDeps();
    const opened = await triage(eventFixture('aws.health', 'credentials-exposed'), deps);
    const incidentId = (opened.signals[0] as { incidentId: string }).incidentId;
    const incident = await deps.registry.close(incidentId, new Date('2026-11-28T09:35:00Z'));
    const report = containmentBreachEvent(
      { incidentId, exposure: structuredClone(incident.exposure) as never, reason: 's3:GetObject by ASIA…' },
      new Date('2026-11-28T09:40:00Z'),
    );
    expect((await triage(report, deps)).signals).toEqual([
      expect.objectContaining({
        outcome: 'ignored',
        reason: `a breach of ${incidentId}, with no timeline here to check it in`,
      }),
    ]);
  });
});
