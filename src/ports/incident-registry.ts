import type { Incident, RegistryOutcome, SignalRegistration } from '../domain/incident.js';

export type { RegistryOutcome } from '../domain/incident.js';

/** A signal offered to the registry: it opens an incident or joins the open one for its subject. */
export type RegistrySignal = SignalRegistration;

/** The incident registry: one open incident per account and subject, decided by a conditional write. */
export interface IncidentRegistry {
  openOrJoin(signal: RegistrySignal): Promise<RegistryOutcome>;
  /**
   * Joins the signal to its subject's open incident if `covers` accepts that incident (a re-delivery of a signal
   * joined before is a duplicate); otherwise writes nothing and answers undefined (decided by `joinSignal`).
   */
  join(signal: RegistrySignal, covers: (incident: Incident) => boolean): Promise<RegistryOutcome | undefined>;
  markPlaybookStarted(incidentId: string): Promise<void>;
  get(incidentId: string): Promise<Incident | undefined>;
  close(incidentId: string, at: Date): Promise<Incident>;
}
