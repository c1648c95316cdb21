import { describe, expect, it } from 'vitest';
import { MemoryIncidentRegistry } from '../../../../src/adapters/local/memory-incident-registry.js';
import { aliceExposure } from '../../../support/incident.js';

const exposure = aliceExposure({
  source: 'aws.health',
  type: 'AWS_RISK_CREDENTIALS_EXPOSED',
  reportId: 'arn:aws:health:global::event/x',
  eventId: 'e-1',
  severity: 9,
  awsReportedExposed: true,
  observedAt: '2026-11-28T09:00:00Z',
  summary: 'exposed',
});
const delivery = (n: number) => ({
  exposure: { ...exposure, evidence: { ...exposure.evidence, eventId: `event-${n}` } },
  subject: 'access-key/AKIAIOSFODNN7EXAMPLE',
  playbook: 'exposed-access-key',
  drill: false,
  at: new Date('2026-11-28T09:00:00Z'),
  newIncidentId: () => 'rk-20261128-00000001',
});

/** Registers events 1 to 25 of one subject, then event 1 again: past the incident's own 20 recent ids. */
async function redeliverFirstOf25(registry: MemoryIncidentRegistry) {
  for (let n = 1; n <= 25; n += 1) await registry.openOrJoin(delivery(n));
  return (await registry.openOrJoin(delivery(1))).kind;
}

describe('the memory incident registry', () => {
  it('remembers every delivery when unbounded: a re-delivery long after is still a duplicate', async () => {
    expect(await redeliverFirstOf25(new MemoryIncidentRegistry())).toBe('duplicate');
  });

  it('forgets the oldest deliveries past its bound, as offline triage bounds its memory', async () => {
    expect(await redeliverFirstOf25(new MemoryIncidentRegistry(100))).toBe('duplicate');
    const bounded = new MemoryIncidentRegistry(10);
    expect(await redeliverFirstOf25(bounded)).toBe('joined');
    // 26 deliveries remembered in turn, 10 kept: the count offline triage tells its user.
    expect(bounded.forgotten).toBe(16);
    expect((await bounded.openOrJoin(delivery(20))).kind).toBe('duplicate');
    expect((await bounded.openOrJoin(delivery(5))).kind).toBe('joined');
  });

  it('forgets delivery by delivery, an event concerning two subjects one subject at a time', async () => {
    const about = (eventId: string, subject: string, hour: number) => ({
      exposure: { ...exposure, evidence: { ...exposure.evidence, eventId } },
      subject,
      playbook: 'exposed-access-key',
      drill: false,
      at: new Date(Date.UTC(2026, 10, 28, hour)),
      newIncidentId: () => `rk-${subject}-${eventId}`,
    });
    const registry = new MemoryIncidentRegistry(2);
    await registry.openOrJoin(about('E', 'access-key/A', 0));
    const second = await registry.openOrJoin(about('E', 'access-key/B', 0));
    await registry.close(second.incident.id, new Date(Date.UTC(2026, 10, 28, 1)));
    // F re-raises B's subject (a new incident, which has not seen E) and pushes out the oldest delivery only (E for
    // A): E for B is still remembered, so its repeat is a duplicate, not a signal of the new incident.
    expect((await registry.openOrJoin(about('F', 'access-key/B', 2))).kind).toBe('reraised');
    expect(registry.forgotten).toBe(1);
    expect((await registry.openOrJoin(about('E', 'access-key/B', 3))).kind).toBe('duplicate');
  });
});
