import quarantinePolicy from './cloudtrail-quarantine-policy.json' with { type: 'json' };
import rootActivity from './cloudtrail-root-activity.json' with { type: 'json' };
import secretRead from './cloudtrail-secret-read.json' with { type: 'json' };
import type { NormaliseSettings } from './envelope.js';
import guardDutyAttackSequence from './guardduty-attack-sequence.json' with { type: 'json' };
import guardDutyCredentialFinding from './guardduty-credential-finding.json' with { type: 'json' };
import healthCredentialRisk from './health-credential-risk.json' with { type: 'json' };
import scannerReport from './scanner-report.json' with { type: 'json' };
import securityHubCustomAction from './securityhub-custom-action.json' with { type: 'json' };
import securityHubGuardDuty from './securityhub-guardduty-credential-finding.json' with { type: 'json' };

/** An EventBridge rule: its pattern (from a file serverless.yml reads too), the bus it is on, and what it is for. */
export interface DetectionRule {
  name: string;
  /** The pattern file under src/detections. */
  patternFile: string;
  pattern: Record<string, unknown>;
  /** `scanner`: the scanner bus, where only named roles may put events. */
  bus: 'default' | 'scanner';
  description: string;
}

/** The rules that exist whatever the settings; each delivers to the triage function. */
export const DETECTION_RULES: readonly DetectionRule[] = [
  {
    name: 'guardduty-credential-finding',
    patternFile: 'guardduty-credential-finding.json',
    pattern: guardDutyCredentialFinding,
    bus: 'default',
    description:
      'GuardDuty findings about a credential: anomalous behaviour, malicious or Tor callers, instance credential exfiltration, pen-test tools, root usage, CloudTrail logging disabled, console sign-in anomalies',
  },
  {
    name: 'guardduty-attack-sequence',
    patternFile: 'guardduty-attack-sequence.json',
    pattern: guardDutyAttackSequence,
    bus: 'default',
    description:
      'GuardDuty Extended Threat Detection: an attack sequence of compromised credentials (AttackSequence:IAM/CompromisedCredentials)',
  },
  {
    name: 'health-credential-risk',
    patternFile: 'health-credential-risk.json',
    pattern: healthCredentialRisk,
    bus: 'default',
    description:
      'AWS Health risk events: credentials exposed, exposure suspected, compromised, compromise suspected, IAM quarantine, account console compromise',
  },
  {
    name: 'securityhub-guardduty-credential-finding',
    patternFile: 'securityhub-guardduty-credential-finding.json',
    pattern: securityHubGuardDuty,
    bus: 'default',
    description: "Security Hub's copies of GuardDuty findings about access keys",
  },
  {
    name: 'securityhub-custom-action',
    patternFile: 'securityhub-custom-action.json',
    pattern: securityHubCustomAction,
    bus: 'default',
    description:
      "Findings a responder sends to Rekey from the Security Hub console (custom action id rekey), which wait for a responder's approval",
  },
  {
    name: 'cloudtrail-quarantine-policy',
    patternFile: 'cloudtrail-quarantine-policy.json',
    pattern: quarantinePolicy,
    bus: 'default',
    description:
      "AWS's quarantine on a user: its managed policy (AWSCompromisedKeyQuarantine*) attached, or its inline policy (AWSExposedCredentialPolicy_DO_NOT_REMOVE) put",
  },
  {
    name: 'cloudtrail-root-activity',
    patternFile: 'cloudtrail-root-activity.json',
    pattern: rootActivity,
    bus: 'default',
    description: 'The root user signing in to the console or creating an access key',
  },
  {
    name: 'scanner-report',
    patternFile: 'scanner-report.json',
    pattern: scannerReport,
    bus: 'scanner',
    description: 'Secret scanner reports (rekey.report), which never contain without a responder',
  },
];

/**
 * The secret-read rule for an allowlist: `GetSecretValue`/`BatchGetSecretValue` by any principal not on it.
 * Without an allowlist there is no rule. The deployed rule must be in state
 * ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS: reads are read-only management events.
 */
export function secretReadRule(allowlist: readonly string[]): DetectionRule | undefined {
  if (allowlist.length === 0) return undefined;
  const others = { 'anything-but': { wildcard: [...allowlist] } };
  const detail = secretRead.detail as Record<string, unknown>;
  return {
    name: 'cloudtrail-secret-read',
    patternFile: 'cloudtrail-secret-read.json',
    pattern: {
      ...secretRead,
      detail: {
        ...detail,
        $or: [
          { userIdentity: { type: ['AssumedRole'], sessionContext: { sessionIssuer: { arn: [others] } } } },
          { userIdentity: { type: ['IAMUser'], arn: [others] } },
          { userIdentity: { type: [{ 'anything-but': ['AssumedRole', 'IAMUser', 'AWSService'] }] } },
        ],
      },
    },
    bus: 'default',
    description: 'A secret read by a principal outside the allowlist',
  };
}

/** Every rule for the given settings. */
export function detectionRules(settings: NormaliseSettings = {}): DetectionRule[] {
  const secret = secretReadRule(settings.secretReadAllowlist ?? []);
  return secret ? [...DETECTION_RULES, secret] : [...DETECTION_RULES];
}
