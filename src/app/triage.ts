import { type NormaliseSettings, shown } from '../detections/envelope.js';
import { normaliseEvent } from '../detections/normalise.js';
import type { Clock } from '../domain/clock.js';
import type { Detection, ExposureKind } from '../domain/detection.js';
import { describeExposure, type Exposure, subjectOf, userKeysSubject } from '../domain/exposure.js';
import { type IdSource, newIncidentId } from '../domain/ids.js';
import type { RegistryOutcome } from '../domain/incident.js';
import type { TimelineDraft } from '../domain/timeline.js';
import { PLAYBOOK_FOR_KIND } from '../playbook/playbook-for-kind.js';
import type { Announcer } from '../ports/announcer.js';
import type { IdentityProvider } from '../ports/identity.js';
import type { IncidentRegistry } from '../ports/incident-registry.js';
import type { Log } from '../ports/log.js';
import type { TimelineStore } from '../ports/timeline-store.js';
import type { Workflow } from '../ports/workflow.js';
import { believedEntries } from './believed-entries.js';
import { type Guardrails, refusal, refusalForPrincipal } from './guardrails.js';
import { readingEachPrincipalOnce } from './principal-reads.js';
import { protectedInIam } from './protected-holder.js';
import { holderFromEvidence, type Resolution, resolveHolder } from './resolve-holder.js';
import type { SessionLookup } from './resolve-session.js';

/**
 * What triage needs: IAM to resolve holders (absent offline), CloudTrail and EC2 to find the key behind a user's
 * session, the registry, the timeline, Step Functions, time, ids.
 */
export interface TriageDeps extends Guardrails, SessionLookup {
  identityFor?: IdentityProvider;
  registry: IncidentRegistry;
  timeline: TimelineStore;
  workflow: Workflow;
  clock: Clock;
  ids: IdSource;
  drill: boolean;
  /**
   * The account that delivered the event, when it is not the event's own `account` field: a live drill's
   * original event travels inside Rekey's own event, and what it says about its account delivers nothing.
   */
  deliveredBy?: string;
  settings?: NormaliseSettings;
  /** Tells responders of each playbook started, alongside the start; its failure is logged, never fatal. */
  announcer?: Announcer;
  log?: Log;
}

/** What triage did with one credential an event reports. */
export type SignalOutcome =
  | {
      outcome: 'opened' | 'joined' | 'reraised' | 'duplicate';
      exposure: Exposure;
      subject: string;
      incidentId: string;
      playbook: string;
    }
  | { outcome: 'reported'; exposure: Exposure; subject: string; reason: string }
  | { outcome: 'ignored'; subject: string; kind?: ExposureKind; reason: string };

/** What triage did with one event. */
export interface TriageResult {
  eventId: string;
  signals: SignalOutcome[];
}

function signalDraft(
  outcome: RegistryOutcome,
  exposure: Exposure,
  receivedAt: Date,
  note?: string,
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
    },
  };
}

/** The playbook of what Rekey recognises but cannot act on: it tells the responders at once, with the reason. */
export const ESCALATION_PLAYBOOK = 'escalate';

async function register(
  exposure: Exposure,
  note: string | undefined,
  deps: TriageDeps,
): Promise<SignalOutcome> {
  const subject = subjectFor(exposure, deps);
  const refused =
    refusalForPrincipal(exposure.principal.type, shown(exposure.principal.arn), deps) ??
    (await protectedInIam(exposure, deps, deps.identityFor));
  if (refused) return { outcome: 'reported', exposure, subject, reason: refused };
  const playbook = exposure.unactionable ? ESCALATION_PLAYBOOK : PLAYBOOK_FOR_KIND[exposure.kind];
  const receivedAt = deps.clock.now();
  const signal = {
    exposure,
    subject,
    playbook,
    drill: deps.drill,
    at: receivedAt,
    newIncidentId: () => newIncidentId(receivedAt, deps.ids),
  };
  const toUser = await joinedToUserKeys(signal, deps);
  const registered = toUser ?? { outcome: await deps.registry.openOrJoin(signal), subject };
  const { outcome } = registered;
  const { incident } = outcome;
  const result = { exposure, subject: registered.subject, incidentId: incident.id, playbook };
  // A re-delivery after the close adds nothing: the closed timeline and its review stay as they are.
  if (incident.status === 'closed') return { outcome: 'duplicate', ...result };
  // A re-delivery, or a finding re-published under the same id, adds nothing worth a timeline entry: in an event
  // storm the timeline stays readable and its store is not flooded; the registry still counts the signal.
  const recorded =
    outcome.kind !== 'duplicate' && !outcome.republished
      ? deps.timeline.append(incident.id, signalDraft(outcome, exposure, receivedAt, toUser?.note ?? note))
      : undefined;
  // Also on a duplicate: the delivery that opened the incident may have failed before starting the playbook.
  // The signal's entry, the start and the notice go out together: none of them waits in front of containment.
  if (!outcome.playbookStarted) {
    await Promise.all([
      recorded,
      deps.workflow.start(playbook, incident.id, {
        incident,
        // The escalation playbook's first state tells the responders why, as any escalation does.
        ...(exposure.unactionable ? { error: { Error: 'Unactionable', Cause: exposure.unactionable } } : {}),
      }),
      deps.announcer
        ?.announce(incident)
        .catch((error: unknown) =>
          deps.log?.warn('incident notice not queued', { incidentId: incident.id, error: String(error) }),
        ),
    ]);
    await deps.registry.markPlaybookStarted(incident.id);
  } else await recorded;
  return { outcome: outcome.kind, ...result };
}

/**
 * A key named while its user's incident is open, covering that key (AWS named the user, and the key was active
 * then), joins the user's incident as one more signal: its playbook already contains the key, so it is neither
 * contained twice nor lost. Once the user's incident has closed, or for a key it did not cover, the key is its own
 * subject again. A breach of the key's own incident re-raises that incident, never joins another.
 */
async function joinedToUserKeys(
  signal: Parameters<TriageDeps['registry']['openOrJoin']>[0],
  deps: TriageDeps,
): Promise<{ outcome: RegistryOutcome; subject: string; note: string } | undefined> {
  const { exposure } = signal;
  const key = exposure.accessKeyId;
  if (
    exposure.kind !== 'iam-user-access-key' ||
    !key ||
    exposure.unactionable ||
    exposure.evidence.source === 'rekey.verification'
  )
    return undefined;
  const subject = drillSubject(userKeysSubject(exposure.principal.name), deps);
  const outcome = await deps.registry.join(
    { ...signal, subject },
    (incident) =>
      incident.playbook === signal.playbook && (incident.exposure.accessKeyIds ?? []).includes(key),
  );
  return (
    outcome && {
      outcome,
      subject,
      note: `${key} is one of the keys of user ${exposure.principal.name} this incident contains: joined, not contained again`,
    }
  );
}

/**
 * Why a breach report is not Rekey's own, or undefined: it must name an incident Rekey closed as breached, about
 * the same subject. Its exposure is then taken from that incident, never from the report.
 */
async function breachRefusal(
  detection: Detection,
  incidentId: string,
  deps: TriageDeps,
): Promise<{ refused: string } | { exposure: Detection }> {
  const incident = await deps.registry.get(incidentId);
  if (!incident) return { refused: `a breach of ${incidentId}, which Rekey has no record of` };
  if (!incident.closedAt) return { refused: `a breach of ${incidentId}, which is still open` };
  // Only the review function's own sealed verdict counts: a forged one would re-raise at will.
  const breached = (await believedEntries(deps.timeline, incidentId, ['verification'])).some(
    (e) => e.data?.verdict === 'breached',
  );
  if (!breached) return { refused: `a breach of ${incidentId}, whose timeline records none` };
  if (incident.subject !== subjectFor(detection, deps) || incident.accountId !== detection.accountId)
    return { refused: `a breach report whose subject is not that of ${incidentId}` };
  // Rekey's own record decides how much the re-raise may do alone: whether AWS reported it, and who claimed it.
  const { evidence: recordedEvidence, ...recorded } = incident.exposure;
  const { awsReportedExposed, assertedBy, toConfirm } = recordedEvidence;
  const evidence = {
    ...detection.evidence,
    awsReportedExposed,
    ...(assertedBy ? { assertedBy } : {}),
    ...(toConfirm ? { toConfirm } : {}),
  };
  return { exposure: { ...recorded, evidence } };
}

/** The registry key of a detection: a drill's subjects are its own, never joined to a real incident. */
function subjectFor(detection: Parameters<typeof subjectOf>[0], deps: Pick<TriageDeps, 'drill'>): string {
  return drillSubject(subjectOf(detection), deps);
}

/** A subject as the registry keys it: a drill's apart from every real one. */
function drillSubject(subject: string, deps: Pick<TriageDeps, 'drill'>): string {
  return deps.drill ? `drill:${subject}` : subject;
}

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
  for (const { exposure, note } of resolution.exposures) outcomes.push(await register(exposure, note, deps));
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
