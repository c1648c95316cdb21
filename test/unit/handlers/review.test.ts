import { describe, expect, it } from 'vitest';
import { MemoryIncidentRegistry } from '../../../src/adapters/local/memory-incident-registry.js';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import { createReviewHandler } from '../../../src/handlers/review.js';
import { ManualClock } from '../../support/fixed-clock.js';
import { aliceExposure } from '../../support/incident.js';

/** A Lambda error's Cause as Step Functions hands it over: the function's JSON error. */
const cause = (type: string, message: string) =>
  JSON.stringify({ errorType: type, errorMessage: message, trace: [`${type}: ${message}`] });

const traceFailed = {
  step: 'revoke-role-sessions, trace-session',
  reason: `IncompleteEvidenceError: ${cause('IncompleteEvidenceError', 'people must trace: ASIAVENDOR in account 999988887777')}`,
  checklist: ['Deactivate the origin key by hand'],
};
const sourceFailed = {
  step: 'contain-source',
  reason: `NotContainableError: ${cause('NotContainableError', 'arn:aws:iam::777788880000:role/break-glass is a protected principal')}`,
};

/** Closes one open incident with the closing a state machine hands the review function; returns the escalation. */
async function close(closing: Record<string, unknown>) {
  const clock = new ManualClock('2026-11-28T11:20:00Z');
  const registry = new MemoryIncidentRegistry();
  const timeline = new MemoryTimelineStore();
  await registry.openOrJoin({
    exposure: aliceExposure(),
    subject: 'AKIAIOSFODNN7EXAMPLE',
    playbook: 'exposed-access-key',
    drill: false,
    at: clock.now(),
    newIncidentId: () => 'rk-1',
  });
  const incidentId = 'rk-1';
  const review = createReviewHandler({
    registry,
    timeline,
    reviews: { put: async () => 'memory', head: async () => undefined },
    clock,
  });
  await review({ incidentId, closing });
  const entries = await timeline.list(incidentId);
  return {
    escalated: entries.find((e) => e.type === 'escalated')?.data,
    closed: entries.find((e) => e.type === 'incident-closed')?.data,
  };
}

describe('the review of a run that went on after failed steps (continue-then-escalate)', () => {
  it('closes a contained run escalated, naming every deferred failure, each readable', async () => {
    const { escalated, closed } = await close({
      outcome: 'contained',
      escalations: { RevokeRoleSessions: traceFailed, ContainSource: sourceFailed },
    });
    expect(closed).toMatchObject({ outcome: 'escalated' });
    expect(escalated).toEqual({
      reason:
        'revoke-role-sessions, trace-session failed: IncompleteEvidenceError: people must trace: ASIAVENDOR in account 999988887777; contain-source failed: NotContainableError: arn:aws:iam::777788880000:role/break-glass is a protected principal',
      checklist: ['Deactivate the origin key by hand'],
    });
  });

  it('keeps them when a later step escalated the run itself, after its own reason', async () => {
    const { escalated } = await close({
      ending: {
        outcome: 'escalated',
        reason: `IncompleteEvidenceError: ${cause('IncompleteEvidenceError', 'CloudTrail held more than Rekey reads')}`,
        checklist: ['Deactivate the origin key by hand'],
      },
      escalations: { ContainSource: sourceFailed },
    });
    expect(escalated?.reason).toBe(
      'IncompleteEvidenceError: CloudTrail held more than Rekey reads; contain-source failed: NotContainableError: arn:aws:iam::777788880000:role/break-glass is a protected principal',
    );
  });

  it('still reads the one escalation a state machine compiled before several were kept wrote', async () => {
    const { escalated } = await close({ outcome: 'contained', escalation: sourceFailed });
    expect(escalated?.reason).toMatch(
      /^contain-source failed: NotContainableError: arn:aws:iam::777788880000/,
    );
  });
});
