import type { Evidence } from '../../src/domain/detection.js';
import type { Exposure } from '../../src/domain/exposure.js';
import type { Incident } from '../../src/domain/incident.js';

/** alice's key, exposed, as GuardDuty (Tor) reports it; the evidence changed where a test needs another source. */
export function aliceExposure(evidence: Partial<Evidence> = {}): Exposure {
  return {
    kind: 'iam-user-access-key',
    accountId: '111122223333',
    region: 'us-east-1',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    principal: { type: 'IAMUser', name: 'alice', arn: 'arn:aws:iam::111122223333:user/alice' },
    evidence: {
      source: 'aws.guardduty',
      type: 'UnauthorizedAccess:IAMUser/TorIPCaller',
      reportId: 'f',
      eventId: 'e',
      severity: 5,
      awsReportedExposed: false,
      observedAt: '2026-11-28T08:58:41Z',
      summary: 'tor',
      sample: false,
      ...evidence,
    },
  };
}

/** An open incident about alice's key, reported by GuardDuty (Tor), as the approval and Slack tests use it. */
export function aliceIncident(changes: Partial<Incident> = {}): Incident {
  return {
    id: 'rk-1',
    accountId: '111122223333',
    subject: 'access-key/AKIAIOSFODNN7EXAMPLE',
    status: 'open',
    openedAt: '2026-11-28T09:00:00Z',
    signals: 1,
    eventIds: ['e'],
    reportIds: ['f'],
    generation: 0,
    playbook: 'exposed-access-key',
    drill: false,
    exposure: aliceExposure(),
    ...changes,
  };
}
