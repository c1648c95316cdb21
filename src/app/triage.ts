import { normaliseEvent } from '../detections/normalise.js';
import type { Clock } from '../domain/clock.js';
import type { Detection } from '../domain/detection.js';
import { NotContainableError } from '../domain/errors.js';
import { type Exposure, exposureSubject } from '../domain/exposure.js';
import { type IdSource, newIncidentId } from '../domain/ids.js';
import type { TimelineDraft } from '../domain/timeline.js';
import type { IdentityProvider } from '../ports/identity.js';
import type { IncidentRegistry, RegistryOutcome } from '../ports/incident-registry.js';
import type { TimelineStore } from '../ports/timeline-store.js';
import type { Workflow } from '../ports/workflow.js';

/** What triage needs: IAM to resolve owners, the registry, the timeline, Step Functions, time and ids. */
export interface TriageDeps {
  identityFor: IdentityProvider;
  registry: IncidentRegistry;
  timeline: TimelineStore;
  workflow: Workflow;
  clock: Clock;
  ids: IdSource;
  /** Principal ARNs (IAM wildcards allowed) that are reported and never contained. */
  protectedPrincipals: readonly string[];
  drill: boolean;
}

/** What triage did with one credential an event mentioned. */
export type SignalOutcome =
  | {
      outcome: 'opened' | 'joined' | 'reraised' | 'duplicate';
      incidentId: string;
      accessKeyId: string;
      principalArn: string;
    }
  | { outcome: 'ignored'; subject: string; reason: string };

/** What triage did with one event. */
export interface TriageResult {
  eventId: string;
  signals: SignalOutcome[];
}

/** The playbook that handles each kind of exposure. */
const PLAYBOOK_FOR_KIND: Record<Exposure['kind'], string> = { 'iam-user-access-key': 'exposed-access-key' };

function globMatch(pattern: string, value: string): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`).test(value);
}

async function resolveExposure(
  detection: Detection,
  deps: TriageDeps,
): Promise<{ exposure: Exposure; note?: string } | { ignored: string }> {
  const identity = deps.identityFor(detection.accountId);
  const owner = await identity.accessKeyLastUsed(detection.accessKeyId);
  if (!owner)
    return {
      ignored: `access key ${detection.accessKeyId} does not belong to account ${detection.accountId}`,
    };
  const user = await identity.getUser(owner.userName);
  if (!user)
    return { ignored: `the owner of ${detection.accessKeyId}, user ${owner.userName}, no longer exists` };
  const exposure: Exposure = {
    kind: 'iam-user-access-key',
    accountId: detection.accountId,
    region: detection.region,
    accessKeyId: detection.accessKeyId,
    principal: { type: 'IAMUser', name: user.name, arn: user.arn },
    evidence: detection.evidence,
  };
  const claimed = detection.claimedUserName;
  return claimed && claimed !== user.name
    ? { exposure, note: `the source named user ${claimed}; IAM says the key belongs to ${user.name}` }
    : { exposure };
}

function signalDraft(
  outcome: RegistryOutcome,
  exposure: Exposure,
  receivedAt: Date,
  note?: string,
): TimelineDraft {
  const { drill } = outcome.incident;
  const { evidence } = exposure;
  const headline = {
    opened: `Incident opened: ${evidence.type} on ${exposure.accessKeyId} (${exposure.principal.name})`,
    reraised: `Incident re-raised after close: ${evidence.type} on ${exposure.accessKeyId} (${exposure.principal.name})`,
    joined: `Signal joined: ${evidence.type} (${evidence.source}), signal ${outcome.incident.signals}`,
    duplicate: `Duplicate delivery of event ${evidence.eventId} (${evidence.source}), not counted again`,
  }[outcome.kind];
  return {
    type: outcome.kind === 'opened' || outcome.kind === 'reraised' ? 'incident-opened' : 'signal-joined',
    at: receivedAt.toISOString(),
    actor: evidence.source,
    summary: headline,
    data: {
      eventId: evidence.eventId,
      reportId: evidence.reportId,
      findingType: evidence.type,
      severity: evidence.severity,
      observedAt: evidence.observedAt,
      receivedAt: receivedAt.toISOString(),
      accessKeyId: exposure.accessKeyId,
      principalArn: exposure.principal.arn,
      accountId: exposure.accountId,
      drill,
      ...(evidence.remoteIp ? { remoteIp: evidence.remoteIp } : {}),
      ...(note ? { note } : {}),
    },
  };
}

async function triageDetection(
  detection: Detection,
  deliveredBy: string,
  deps: TriageDeps,
): Promise<SignalOutcome> {
  const ignore = (reason: string): SignalOutcome => ({
    outcome: 'ignored',
    subject: detection.accessKeyId,
    reason,
  });
  if (detection.accountId !== deliveredBy) {
    return ignore(
      `the event was delivered by account ${deliveredBy} but concerns account ${detection.accountId}`,
    );
  }
  const resolved = await resolveExposure(detection, deps).catch((error: unknown) => {
    if (error instanceof NotContainableError) return { ignored: error.message };
    throw error;
  });
  if ('ignored' in resolved) return ignore(resolved.ignored);
  const { exposure, note } = resolved;
  if (deps.protectedPrincipals.some((p) => globMatch(p, exposure.principal.arn))) {
    return ignore(`${exposure.principal.arn} is a protected principal: reported, never contained`);
  }
  const receivedAt = deps.clock.now();
  const playbook = PLAYBOOK_FOR_KIND[exposure.kind];
  const outcome = await deps.registry.openOrJoin({
    exposure,
    subject: exposureSubject(exposure),
    playbook,
    drill: deps.drill,
    at: receivedAt,
    newIncidentId: () => newIncidentId(receivedAt, deps.ids),
  });
  const { incident } = outcome;
  const result = {
    incidentId: incident.id,
    accessKeyId: exposure.accessKeyId,
    principalArn: exposure.principal.arn,
  };
  // A re-delivery after the close adds nothing: the closed timeline and its review stay as they are.
  if (incident.status === 'closed') return { outcome: 'duplicate', ...result };
  await deps.timeline.append(incident.id, signalDraft(outcome, exposure, receivedAt, note));
  // Also on a duplicate: the delivery that opened the incident may have failed before starting the playbook.
  if (!outcome.playbookStarted) {
    await deps.workflow.start(playbook, incident.id, { incident });
    await deps.registry.markPlaybookStarted(incident.id);
  }
  return { outcome: outcome.kind, ...result };
}

/**
 * Triage of one EventBridge event: parse and normalise it, resolve each key's owner in IAM, apply the
 * guardrails, then open an incident (and start its playbook) or join the one already open.
 * Throws InvalidInputError for a malformed event; nothing has been changed when it does.
 */
export async function triage(event: unknown, deps: TriageDeps): Promise<TriageResult> {
  const { envelope, detections, ignored } = normaliseEvent(event);
  const signals: SignalOutcome[] = ignored.map((i) => ({
    outcome: 'ignored',
    subject: i.subject,
    reason: i.reason,
  }));
  for (const detection of detections) signals.push(await triageDetection(detection, envelope.account, deps));
  return { eventId: envelope.id, signals };
}
