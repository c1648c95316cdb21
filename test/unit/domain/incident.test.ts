import { describe, expect, it } from 'vitest';
import type { Exposure } from '../../../src/domain/exposure.js';
import { newIncidentId, seededIds } from '../../../src/domain/ids.js';
import { registerSignal } from '../../../src/domain/incident.js';
import { aliceExposure } from '../../support/incident.js';

const exposure: Exposure = aliceExposure({
  source: 'aws.health',
  type: 'AWS_RISK_CREDENTIALS_EXPOSED',
  reportId: 'arn:aws:health:global::event/x',
  eventId: 'e-1',
  severity: 9,
  awsReportedExposed: true,
  observedAt: '2026-11-28T09:00:00Z',
  summary: 'exposed',
});
const signal = (at: string, eventId = `event-${at}`) => ({
  exposure: { ...exposure, evidence: { ...exposure.evidence, eventId } },
  subject: 'access-key/AKIAIOSFODNN7EXAMPLE',
  playbook: 'exposed-access-key',
  drill: true,
  at: new Date(at),
  newIncidentId: () => 'rk-20261128-00000001',
});

describe('registering a signal', () => {
  it('opens an incident when the subject has none', () => {
    const { outcome } = registerSignal(undefined, signal('2026-11-28T09:00:00Z'));
    expect(outcome.kind).toBe('opened');
    expect(outcome.incident).toMatchObject({
      id: 'rk-20261128-00000001',
      status: 'open',
      signals: 1,
      generation: 0,
    });
    expect(outcome.playbookStarted).toBe(false);
  });

  it('joins the open incident of the same subject, keeping whether its playbook started', () => {
    const opened = registerSignal(undefined, signal('2026-11-28T09:00:00Z')).record;
    const { outcome } = registerSignal({ ...opened, playbookStarted: true }, signal('2026-11-28T09:01:00Z'));
    expect(outcome).toMatchObject({
      kind: 'joined',
      playbookStarted: true,
      incident: { id: opened.id, signals: 2 },
    });
  });

  it('recognises a re-delivered event and does not count it again, open or closed', () => {
    const opened = registerSignal(undefined, signal('2026-11-28T09:00:00Z', 'same')).record;
    expect(registerSignal(opened, signal('2026-11-28T09:00:15Z', 'same')).outcome).toMatchObject({
      kind: 'duplicate',
      incident: { signals: 1 },
    });
    const closed = { ...opened, status: 'closed' as const };
    expect(registerSignal(closed, signal('2026-11-28T10:00:00Z', 'same')).outcome).toMatchObject({
      kind: 'duplicate',
      incident: { id: opened.id },
    });
  });

  it('re-raises a closed incident as <id>-r<n> for a new signal', () => {
    const opened = registerSignal(undefined, signal('2026-11-28T09:00:00Z')).record;
    const first = registerSignal({ ...opened, status: 'closed' }, signal('2026-11-28T10:00:00Z')).record;
    const second = registerSignal({ ...first, status: 'closed' }, signal('2026-11-28T11:00:00Z'));
    expect(first.id).toBe('rk-20261128-00000001-r1');
    expect(second.outcome).toMatchObject({
      kind: 'reraised',
      incident: { id: 'rk-20261128-00000001-r2', generation: 2 },
    });
  });

  it('makes incident ids that are valid, stable Step Functions execution names', () => {
    const id = newIncidentId(new Date('2026-11-28T09:00:00Z'), seededIds('drill'));
    expect(id).toMatch(/^rk-20261128-[0-9a-f]{8}$/);
    expect(newIncidentId(new Date('2026-11-28T09:00:00Z'), seededIds('drill'))).toBe(id);
  });
});
