import { describe, expect, it } from 'vitest';
import type { Exposure } from '../../../src/domain/exposure.js';
import { newIncidentId, seededIds } from '../../../src/domain/ids.js';
import { registerSignal } from '../../../src/domain/incident.js';

const exposure: Exposure = {
  kind: 'iam-user-access-key',
  accountId: '111122223333',
  region: 'us-east-1',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  principal: { type: 'IAMUser', name: 'alice', arn: 'arn:aws:iam::111122223333:user/alice' },
  evidence: {
    source: 'aws.health',
    type: 'AWS_RISK_CREDENTIALS_EXPOSED',
    reportId: 'arn:aws:health:global::event/x',
    eventId: 'e-1',
    severity: 9,
    awsReportedExposed: true,
    observedAt: '2026-11-28T09:00:00Z',
    summary: 'exposed',
  },
};
const signal = (at: string) => ({
  exposure,
  subject: 'access-key/AKIAIOSFODNN7EXAMPLE',
  playbook: 'exposed-access-key',
  drill: true,
  at: new Date(at),
  newIncidentId: () => 'rk-20261128-00000001',
});

describe('registering a signal', () => {
  it('opens an incident when the subject has none', () => {
    const { kind, incident } = registerSignal(undefined, signal('2026-11-28T09:00:00Z'));
    expect(kind).toBe('opened');
    expect(incident).toMatchObject({ id: 'rk-20261128-00000001', status: 'open', signals: 1, generation: 0 });
  });

  it('joins the open incident of the same subject', () => {
    const opened = registerSignal(undefined, signal('2026-11-28T09:00:00Z')).incident;
    const { kind, incident } = registerSignal(opened, signal('2026-11-28T09:01:00Z'));
    expect(kind).toBe('joined');
    expect(incident.id).toBe(opened.id);
    expect(incident.signals).toBe(2);
  });

  it('re-raises a closed incident as <id>-r<n>', () => {
    const opened = registerSignal(undefined, signal('2026-11-28T09:00:00Z')).incident;
    const first = registerSignal({ ...opened, status: 'closed' }, signal('2026-11-28T10:00:00Z'));
    const second = registerSignal({ ...first.incident, status: 'closed' }, signal('2026-11-28T11:00:00Z'));
    expect(first.kind).toBe('reraised');
    expect(first.incident.id).toBe('rk-20261128-00000001-r1');
    expect(second.incident.id).toBe('rk-20261128-00000001-r2');
  });

  it('makes incident ids that are valid, stable Step Functions execution names', () => {
    const id = newIncidentId(new Date('2026-11-28T09:00:00Z'), seededIds('drill'));
    expect(id).toMatch(/^rk-20261128-[0-9a-f]{8}$/);
    expect(newIncidentId(new Date('2026-11-28T09:00:00Z'), seededIds('drill'))).toBe(id);
  });
});
