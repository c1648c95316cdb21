import guardDutyAccessKeyFinding from './guardduty-access-key-finding.json' with { type: 'json' };
import healthCredentialsExposed from './health-credentials-exposed.json' with { type: 'json' };

/** An EventBridge rule: its pattern file (read by serverless.yml too) and what it is for. */
export interface DetectionRule {
  name: string;
  /** The pattern file under src/detections, as serverless.yml names it. */
  patternFile: string;
  pattern: Record<string, unknown>;
  description: string;
}

/** Every detection rule; each delivers to the triage function. */
export const DETECTION_RULES: readonly DetectionRule[] = [
  {
    name: 'health-credentials-exposed',
    patternFile: 'health-credentials-exposed.json',
    pattern: healthCredentialsExposed,
    description: 'AWS Health reports an access key as publicly exposed',
  },
  {
    name: 'guardduty-access-key-finding',
    patternFile: 'guardduty-access-key-finding.json',
    pattern: guardDutyAccessKeyFinding,
    description: 'GuardDuty finding about an access key',
  },
];
