import { MemoryIncidentRegistry } from '../adapters/local/memory-incident-registry.js';
import { MemoryTimelineStore } from '../adapters/local/memory-timeline-store.js';
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

const idleWorkflow: Workflow = {
  start: async () => 'started',
  sendTaskSuccess: async () => undefined,
  sendTaskFailure: async () => undefined,
};

function describeSignal(signal: Exclude<SignalOutcome, { outcome: 'ignored' }>): Record<string, unknown> {
  const { exposure } = signal;
  const { evidence } = exposure;
  return {
    outcome: signal.outcome,
    kind: exposure.kind,
    accountId: exposure.accountId,
    principal: exposure.principal,
    ...(exposure.accessKeyId ? { accessKeyId: exposure.accessKeyId } : {}),
    ...(exposure.accessKeyIds ? { accessKeyIds: exposure.accessKeyIds } : {}),
    ...(exposure.sessionKeyId ? { sessionKeyId: exposure.sessionKeyId } : {}),
    ...(exposure.secretArn ? { secretArn: exposure.secretArn } : {}),
    ...(exposure.instanceId ? { instanceId: exposure.instanceId } : {}),
    evidence: {
      source: evidence.source,
      type: evidence.type,
      severity: evidence.severity,
      awsReportedExposed: evidence.awsReportedExposed,
      observedAt: evidence.observedAt,
      summary: evidence.summary,
      ...(evidence.remoteIp ? { remoteIp: evidence.remoteIp } : {}),
      ...(evidence.location ? { location: evidence.location } : {}),
      ...(evidence.assertedBy ? { assertedBy: evidence.assertedBy } : {}),
      ...(evidence.toConfirm ? { toConfirm: evidence.toConfirm } : {}),
    },
    ...(exposure.unactionable ? { unactionable: exposure.unactionable } : {}),
    ...(signal.outcome === 'reported'
      ? { reason: signal.reason }
      : { incidentId: signal.incidentId, playbook: signal.playbook }),
  };
}

/**
 * "What would Rekey do with this?": material of any shape responders hold goes through the same rules and the
 * same triage as a live event, without an AWS account: holders are those the evidence names, and incidents are
 * opened in memory, so the events of one run that concern the same subject share an incident id.
 */
export function createOfflineTriage(options: OfflineTriageOptions) {
  const deps = {
    registry: new MemoryIncidentRegistry(),
    timeline: new MemoryTimelineStore(),
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
    const base = { file, shape, eventId: delivery.eventId, rules: delivery.matchedRules };
    const none = { exposures: [], incidentId: null, playbook: null };
    if (delivery.matchedRules.length === 0) {
      const kind = `${String(event.source)}/${String(event['detail-type'])}`;
      return { ...base, ...none, reason: `no detection rule matches this ${kind} event` };
    }
    let signals: SignalOutcome[];
    try {
      signals = (await triage(event, deps)).signals;
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      return { ...base, ...none, reason: error.message };
    }
    const exposures = signals.flatMap((s) => (s.outcome === 'ignored' ? [] : [describeSignal(s)]));
    const first = signals.find((s) => s.outcome !== 'ignored' && s.outcome !== 'reported');
    const reasons = signals.flatMap((s) =>
      s.outcome === 'ignored' || s.outcome === 'reported' ? [s.reason] : [],
    );
    return {
      ...base,
      exposures,
      incidentId: first && 'incidentId' in first ? first.incidentId : null,
      playbook: first && 'playbook' in first ? first.playbook : null,
      ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
    };
  };

  const unmatched = new UnmatchedRecords(bus);

  return {
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
