import { MemoryIncidentRegistry } from '../adapters/local/memory-incident-registry.js';
import type { Guardrails } from '../app/guardrails.js';
import { type SignalOutcome, triage } from '../app/triage.js';
import type { NormaliseSettings } from '../detections/envelope.js';
import { type MaterialEvent, materialToEvents } from '../detections/material.js';
import { detectionRules } from '../detections/rules.js';
import type { SplitValue } from '../detections/split-value.js';
import { InvalidInputError } from '../domain/errors.js';
import { seededIds } from '../domain/ids.js';
import { ownRolePatterns } from '../domain/protection.js';
import type { Workflow } from '../ports/workflow.js';
import { LocalEventBus } from '../runtime/local-event-bus.js';
import type { TriageLine } from './triage-line.js';
import { UnmatchedRecords } from './unmatched-records.js';

export type { TriageLine } from './triage-line.js';

/** Offline triage settings: what normalisers need and the guardrails, as a deployment would configure them. */
export interface OfflineTriageOptions extends Guardrails {
  settings: NormaliseSettings;
  /** The account and region scanner reports without their own are filed under. */
  account: string;
  region: string;
  now: Date;
}

/**
 * How many of the latest deliveries offline triage remembers to tell a repeated event (the same event id) from a new
 * one; a repeat further back still joins its incident, counted once more (each incident also knows its last 20 ids).
 */
export const REMEMBERED_DELIVERIES = 100_000;

const idleWorkflow: Workflow = {
  start: async () => 'started',
  sendTaskSuccess: async () => undefined,
  sendTaskFailure: async () => undefined,
};

function describeSignal(signal: Exclude<SignalOutcome, { outcome: 'ignored' }>): Record<string, unknown> {
  const { exposure } = signal;
  const { evidence } = exposure;
  // Built key by key, not from spreads of optional parts: the same keys in the same order, without a copy each.
  const described: Record<string, unknown> = {
    outcome: signal.outcome,
    kind: exposure.kind,
    accountId: exposure.accountId,
    principal: exposure.principal,
  };
  if (exposure.accessKeyId) described.accessKeyId = exposure.accessKeyId;
  if (exposure.accessKeyIds) described.accessKeyIds = exposure.accessKeyIds;
  if (exposure.sessionKeyId) described.sessionKeyId = exposure.sessionKeyId;
  if (exposure.secretArn) described.secretArn = exposure.secretArn;
  if (exposure.instanceId) described.instanceId = exposure.instanceId;
  const shown: Record<string, unknown> = {
    source: evidence.source,
    type: evidence.type,
    severity: evidence.severity,
    awsReportedExposed: evidence.awsReportedExposed,
    observedAt: evidence.observedAt,
    summary: evidence.summary,
  };
  if (evidence.remoteIp) shown.remoteIp = evidence.remoteIp;
  if (evidence.location) shown.location = evidence.location;
  if (evidence.assertedBy) shown.assertedBy = evidence.assertedBy;
  if (evidence.toConfirm) shown.toConfirm = evidence.toConfirm;
  described.evidence = shown;
  if (exposure.unactionable) described.unactionable = exposure.unactionable;
  if (signal.outcome === 'reported') described.reason = signal.reason;
  else {
    described.incidentId = signal.incidentId;
    described.playbook = signal.playbook;
  }
  return described;
}

/** A triage line, always in one shape with its keys in one order: JSON.stringify prints each the same way, fast. */
function line(
  file: string,
  shape: string,
  delivery: { eventId: string; matchedRules: string[] },
  found: Pick<TriageLine, 'exposures' | 'incidentId' | 'playbook' | 'reason'>,
): TriageLine {
  const built: TriageLine = {
    file,
    shape,
    eventId: delivery.eventId,
    rules: delivery.matchedRules,
    exposures: found.exposures,
    incidentId: found.incidentId,
    playbook: found.playbook,
  };
  if (found.reason !== undefined) built.reason = found.reason;
  return built;
}

/**
 * "What would Rekey do with this?": material of any shape responders hold goes through the same rules and the
 * same triage as a live event, without an AWS account: holders are those the evidence names, and incidents are
 * opened in memory, so the events of one run that concern the same subject share an incident id.
 */
export function createOfflineTriage(options: OfflineTriageOptions) {
  const deps = {
    // Memory follows the incidents, not the events: a year of CloudTrail may hold millions a rule takes.
    registry: new MemoryIncidentRegistry(REMEMBERED_DELIVERIES),
    // No playbook starts and no review reads them: recording signals would cost a hash and a seal each, for nothing.
    timeline: null,
    workflow: idleWorkflow,
    clock: { now: () => options.now },
    ids: seededIds('rekey-triage'),
    drill: false,
    settings: options.settings,
    protectedPrincipals: options.protectedPrincipals,
    // As deployed unless told otherwise: Rekey's roles in every account are its own.
    ownRoles: options.ownRoles ?? ownRolePatterns(),
    ...(options.administratorAccounts ? { administratorAccounts: options.administratorAccounts } : {}),
  };
  // The bus only routes here: an event matched by any rule goes to triage once.
  const bus = new LocalEventBus(detectionRules(options.settings), async () => undefined);

  const assess = async (file: string, { event, shape }: MaterialEvent): Promise<TriageLine> => {
    const delivery = bus.route(event);
    const none = (reason: string) => ({ exposures: [], incidentId: null, playbook: null, reason });
    if (delivery.matchedRules.length === 0) {
      const kind = `${String(event.source)}/${String(event['detail-type'])}`;
      return line(file, shape, delivery, none(`no detection rule matches this ${kind} event`));
    }
    let signals: SignalOutcome[];
    try {
      signals = (await triage(event, deps)).signals;
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      return line(file, shape, delivery, none(error.message));
    }
    const exposures: Array<Record<string, unknown>> = [];
    const reasons: string[] = [];
    let first: { incidentId: string; playbook: string } | undefined;
    for (const signal of signals) {
      if (signal.outcome !== 'ignored') exposures.push(describeSignal(signal));
      if (signal.outcome === 'ignored' || signal.outcome === 'reported') reasons.push(signal.reason);
      else first ??= signal;
    }
    return line(file, shape, delivery, {
      exposures,
      incidentId: first?.incidentId ?? null,
      playbook: first?.playbook ?? null,
      ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
    });
  };

  const unmatched = new UnmatchedRecords(bus);

  return {
    /** How many deliveries were forgotten past REMEMBERED_DELIVERIES: a repeat of one was counted as a new signal. */
    forgottenDeliveries: () => deps.registry.forgotten,

    /**
     * The line for a CloudTrail record no rule can take, told from its top-level fields without parsing it (as
     * assessDocuments would say it), with the record's time; undefined when the value must be read whole.
     */
    unmatchedLine: (file: string, value: SplitValue) => unmatched.line(file, value),

    /** unmatchedLine's line as printable JSON text (printable(JSON.stringify(line))), built from parts kept per kind. */
    unmatchedJson: (file: string, value: SplitValue) => unmatched.json(file, value),

    /** Assesses the parsed documents of one input, document by document, so lines keep the input's order. */
    async assessDocuments(file: string, documents: unknown[]): Promise<TriageLine[]> {
      const lines: TriageLine[] = [];
      for (const document of documents) {
        const { events, unreadable } = materialToEvents([document], options);
        for (const u of unreadable) {
          lines.push({
            file,
            shape: 'unreadable',
            eventId: '',
            rules: [],
            exposures: [],
            incidentId: null,
            playbook: null,
            reason: u.reason,
          });
        }
        for (const event of events) lines.push(await assess(file, event));
      }
      return lines;
    },
  };
}
