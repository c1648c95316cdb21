import type { Incident, RegistryOutcome, SignalRegistration } from '../domain/incident.js';

export type { RegistryOutcome } from '../domain/incident.js';

/** A signal offered to the registry: it opens an incident or joins the open one for its subject. */
export type RegistrySignal = SignalRegistration;

/** The incident registry: one open incident per account and subject, decided by a conditional write. */
export interface IncidentRegistry {
  openOrJoin(signal: RegistrySignal): Promise<RegistryOutcome>;
  /**
   * Joins `signal` to its subject's open incident if `covers` accepts that incident (a re-delivery of a signal
   * joined before is a duplicate; decided by `joinSignal`); otherwise opens or joins `own`, as `openOrJoin` does.
   * One registration: both subjects are read at once, then one conditional write.
   */
  joinElseOpen(
    signal: RegistrySignal,
    covers: (incident: Incident) => boolean,
    own: RegistrySignal,
  ): Promise<{ joined: RegistryOutcome } | { own: RegistryOutcome }>;
  markPlaybookStarted(incidentId: string): Promise<void>;
  get(incidentId: string): Promise<Incident | undefined>;
  close(incidentId: string, at: Date): Promise<Incident>;
}
