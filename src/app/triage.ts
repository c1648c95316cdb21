import { normaliseEvent } from '../detections/normalise.js';
import type { Detection } from '../domain/detection.js';
import { type Exposure, subjectOf } from '../domain/exposure.js';
import { refusal } from './guardrails.js';
import { readingEachPrincipalOnce } from './principal-reads.js';
import { holderFromEvidence, type Resolution, resolveHolder } from './resolve-holder.js';
import { breachRefusal } from './triage/breach-report.js';
import { register } from './triage/register.js';
import type { SignalOutcome, TriageDeps, TriageResult } from './triage/triage-deps.js';

// Callers (the handler, the drills, the benches) take triage's dependencies and results from here, beside triage.
export { ESCALATION_PLAYBOOK } from './triage/register.js';
export type { SignalOutcome, TriageDeps, TriageResult } from './triage/triage-deps.js';

/** One detection: a breach report checked against Rekey's record, the guardrails, the holder, each credential. */
async function triageDetection(
  candidate: Detection,
  deliveredBy: string,
  deps: TriageDeps,
): Promise<SignalOutcome[]> {
  let detection = candidate;
  if (candidate.evidence.source === 'rekey.verification') {
    const checked = await breachRefusal(
      candidate,
      candidate.evidence.reportId.replace(/\/breach$/, ''),
      deps,
    );
    if ('refused' in checked)
      return [
        { outcome: 'ignored', subject: subjectOf(candidate), kind: candidate.kind, reason: checked.refused },
      ];
    detection = checked.exposure;
  }
  const subject = subjectOf(detection);
  const refused = refusal(detection, deliveredBy, deps);
  if (refused) return [{ outcome: 'ignored', subject, kind: detection.kind, reason: refused }];
  // Recognised but not actionable: escalated to people with the reason, never dropped with a log line.
  const escalate = (reason: string) => {
    const { exposure } = holderFromEvidence(detection).exposures[0] as { exposure: Exposure };
    return register({ ...exposure, unactionable: reason }, reason, deps);
  };
  if (detection.unactionable) return [await escalate(detection.unactionable)];
  const resolution: Resolution = deps.identityFor
    ? await resolveHolder(detection, deps.identityFor, { ...deps, now: deps.clock.now() })
    : holderFromEvidence(detection);
  if ('refuted' in resolution)
    return [{ outcome: 'ignored', subject, kind: detection.kind, reason: resolution.refuted }];
  if ('unresolved' in resolution) return [await escalate(resolution.unresolved)];
  const outcomes: SignalOutcome[] = [];
  for (const { exposure, note, observed } of resolution.exposures)
    outcomes.push(await register(exposure, note, deps, observed));
  return outcomes;
}

/**
 * Triage of one EventBridge event: parse and normalise it, apply the guardrails, resolve each credential's holder
 * in IAM, then open an incident (and start its playbook) or join the one already open for the same subject.
 * Throws InvalidInputError for a malformed event; nothing has been changed when it does.
 */
export async function triage(event: unknown, given: TriageDeps): Promise<TriageResult> {
  const { envelope, detections, ignored } = normaliseEvent(event, given.settings);
  // Resolving a holder and checking its protection ask IAM for the same principal: read it once per event.
  const deps = given.identityFor
    ? { ...given, identityFor: readingEachPrincipalOnce(given.identityFor) }
    : given;
  const signals: SignalOutcome[] = ignored.map((i) => ({
    outcome: 'ignored',
    subject: i.subject,
    reason: i.reason,
  }));
  for (const detection of detections)
    signals.push(...(await triageDetection(detection, deps.deliveredBy ?? envelope.account, deps)));
  return { eventId: envelope.id, signals };
}
