import { NotFoundError } from '../../domain/errors.js';
import { type Incident, registerSignal } from '../../domain/incident.js';
import type { IncidentRegistry, RegistryOutcome, RegistrySignal } from '../../ports/incident-registry.js';

/** The incident registry in memory: for tests and benchmarks. */
export class MemoryIncidentRegistry implements IncidentRegistry {
  private readonly subjects = new Map<string, string>();
  readonly incidents = new Map<string, Incident & { playbookStarted: boolean }>();

  async openOrJoin(signal: RegistrySignal): Promise<RegistryOutcome> {
    const key = `${signal.exposure.accountId}/${signal.subject}`;
    const currentId = this.subjects.get(key);
    const current = currentId === undefined ? undefined : this.incidents.get(currentId);
    const { kind, incident } = registerSignal(current, signal);
    const playbookStarted = kind === 'joined' ? (current?.playbookStarted ?? false) : false;
    this.incidents.set(incident.id, { ...incident, playbookStarted });
    this.subjects.set(key, incident.id);
    return { kind, incident, playbookStarted };
  }

  async markPlaybookStarted(incidentId: string): Promise<void> {
    const incident = this.incidents.get(incidentId);
    if (!incident) throw new NotFoundError(`no incident ${incidentId}`);
    incident.playbookStarted = true;
  }

  async get(incidentId: string): Promise<Incident | undefined> {
    const found = this.incidents.get(incidentId);
    if (!found) return undefined;
    const { playbookStarted: _, ...incident } = found;
    return incident;
  }

  async close(incidentId: string, at: Date): Promise<Incident> {
    const incident = this.incidents.get(incidentId);
    if (!incident) throw new NotFoundError(`no incident ${incidentId}`);
    if (incident.status === 'open') Object.assign(incident, { status: 'closed', closedAt: at.toISOString() });
    const { playbookStarted: _, ...closed } = incident;
    return closed;
  }
}
