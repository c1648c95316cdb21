import { describeExposure, type Exposure } from '../../domain/exposure.js';
import type { RegistryOutcome } from '../../domain/incident.js';
import type { TimelineDraft } from '../../domain/timeline.js';
import type { HolderObservation } from '../holder-observation.js';

/** The timeline entry of a signal: the incident it opened or re-raised, or the one it joined, and its evidence. */
export function signalDraft(
  outcome: RegistryOutcome,
  exposure: Exposure,
  receivedAt: Date,
  note?: string,
  /** What triage read of the holder in IAM, for the playbook's first invocation to act on while it is recent. */
  holder?: HolderObservation,
): TimelineDraft {
  const { evidence } = exposure;
  const { incident } = outcome;
  const what = describeExposure(exposure);
  const headline = {
    opened: `Incident opened: ${evidence.type} on ${what}`,
    reraised: `Incident re-raised after close: ${evidence.type} on ${what}`,
    joined: `Signal joined: ${evidence.type} (${evidence.source}), signal ${incident.signals}`,
    duplicate: `Duplicate delivery of event ${evidence.eventId} (${evidence.source}), not counted again`,
  }[outcome.kind];
  return {
    type: outcome.kind === 'opened' || outcome.kind === 'reraised' ? 'incident-opened' : 'signal-joined',
    at: receivedAt.toISOString(),
    actor: evidence.source,
    summary: headline,
    data: {
      kind: exposure.kind,
      exposure: what,
      evidence: evidence.summary,
      eventId: evidence.eventId,
      reportId: evidence.reportId,
      findingType: evidence.type,
      severity: evidence.severity,
      observedAt: evidence.observedAt,
      receivedAt: receivedAt.toISOString(),
      principalArn: exposure.principal.arn,
      accountId: exposure.accountId,
      region: exposure.region,
      drill: incident.drill,
      ...(exposure.accessKeyId ? { accessKeyId: exposure.accessKeyId } : {}),
      ...(exposure.accessKeyIds ? { accessKeyIds: exposure.accessKeyIds } : {}),
      ...(exposure.sessionKeyId ? { sessionKeyId: exposure.sessionKeyId } : {}),
      ...(exposure.secretArn ? { secretArn: exposure.secretArn } : {}),
      // What a secret read named (empty: a BatchGetSecretValue by filter): the playbook reads it from here.
      ...(exposure.secretArns ? { secretArns: exposure.secretArns } : {}),
      ...(evidence.guardDutyFindingId ? { guardDutyFindingId: evidence.guardDutyFindingId } : {}),
      ...(evidence.remoteIp ? { remoteIp: evidence.remoteIp } : {}),
      ...(evidence.location ? { location: evidence.location } : {}),
      ...(note ? { note } : {}),
      ...(holder ? { holder } : {}),
    },
  };
}
