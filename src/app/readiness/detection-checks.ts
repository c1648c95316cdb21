import type { ReadinessFacts } from '../../ports/readiness.js';
import type { ReadinessFinding } from './readiness-report.js';

/** How detection stands: a logging multi-region trail with management events, and GuardDuty in every region. */
export function detectionChecks(facts: ReadinessFacts): {
  findings: ReadinessFinding[];
  detection: string[];
} {
  const findings: ReadinessFinding[] = [];
  const trail = facts.trails.find((t) => t.multiRegion && t.logging && t.managementEvents);
  if (!trail)
    findings.push({
      check: 'cloudtrail-management-events',
      severity: 'critical',
      subject: facts.accountId,
      title:
        'no logging multi-region trail records management events: the CloudTrail rules (quarantine policy, root use, secret reads) see nothing, and verification cannot trace a key',
      fix: 'create a multi-region trail with management events (read and write), and keep it logging',
    });
  const guardDutyOff = facts.regions.filter((r) => facts.guardDuty[r] !== true);
  for (const region of guardDutyOff)
    findings.push({
      check: 'guardduty-disabled',
      severity: 'high',
      subject: region,
      title: `GuardDuty is not enabled in ${region}: credential misuse there raises no finding`,
      fix: `enable GuardDuty in ${region} (delegated administrator: auto-enable for the organization)`,
    });
  return {
    findings,
    detection: [
      trail
        ? `CloudTrail: trail ${trail.name} records management events in every region`
        : 'CloudTrail: no usable trail',
      `GuardDuty: enabled in ${facts.regions.length - guardDutyOff.length} of ${facts.regions.length} regions`,
    ],
  };
}
