import type { Exposure } from '../domain/exposure.js';
import type { Incident } from '../domain/incident.js';

/** A signal offered to the registry: it opens an incident or joins the open one for its subject. */
export interface RegistrySignal {
  exposure: Exposure;
  subject: string;
  playbook: string;
  drill: boolean;
  at: Date;
  /** Called only when a new incident is opened. */
  newIncidentId: () => string;
}

/** What the registry did with a signal. */
export interface RegistryOutcome {
  kind: 'opened' | 'joined' | 'reraised';
  incident: Incident;
  /** Whether the incident's playbook is known to have started (so a join need not start it again). */
  playbookStarted: boolean;
}

/** The incident registry: one open incident per account and subject, decided by a conditional write. */
export interface IncidentRegistry {
  openOrJoin(signal: RegistrySignal): Promise<RegistryOutcome>;
  markPlaybookStarted(incidentId: string): Promise<void>;
  get(incidentId: string): Promise<Incident | undefined>;
  close(incidentId: string, at: Date): Promise<Incident>;
}
