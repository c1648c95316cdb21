import type { NormaliseSettings } from '../../detections/envelope.js';
import type { Clock } from '../../domain/clock.js';
import type { ExposureKind } from '../../domain/detection.js';
import type { Exposure } from '../../domain/exposure.js';
import type { IdSource } from '../../domain/ids.js';
import type { Announcer } from '../../ports/announcer.js';
import type { IdentityProvider } from '../../ports/identity.js';
import type { IncidentRegistry } from '../../ports/incident-registry.js';
import type { KeyOwnerIndex } from '../../ports/key-owners.js';
import type { Log } from '../../ports/log.js';
import type { TimelineStore } from '../../ports/timeline-store.js';
import type { Workflow } from '../../ports/workflow.js';
import type { Guardrails } from '../guardrails.js';
import type { SessionLookup } from '../resolve-session.js';

/**
 * What triage needs: IAM to resolve holders (absent offline), CloudTrail and EC2 to find the key behind a user's
 * session, the registry, the timeline, Step Functions, time, ids.
 */
export interface TriageDeps extends Guardrails, SessionLookup {
  identityFor?: IdentityProvider;
  /** Who owns each key, as IAM last said (the key inventory, and owners triage learned): a guess IAM confirms. */
  keyOwners?: KeyOwnerIndex;
  registry: IncidentRegistry;
  /**
   * Where each signal is recorded; null only for offline triage, whose incidents live for one run, start no playbook
   * and are never reviewed, so nothing would ever read what it recorded (said, never left out by mistake).
   */
  timeline: TimelineStore | null;
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
