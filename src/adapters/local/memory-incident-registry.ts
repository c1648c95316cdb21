import { NotFoundError } from '../../domain/errors.js';
import {
  deliveryKey,
  type Incident,
  joinSignal,
  type RegisteredIncident,
  type Registration,
  type RememberedDelivery,
  registerSignal,
} from '../../domain/incident.js';
import type { IncidentRegistry, RegistryOutcome, RegistrySignal } from '../../ports/incident-registry.js';

/** The incident registry in memory: for tests, benchmarks and offline triage. */
export class MemoryIncidentRegistry implements IncidentRegistry {
  private readonly subjects = new Map<string, string>();
  readonly incidents = new Map<string, RegisteredIncident>();
  private readonly deliveries = new Map<string, RememberedDelivery>();

  /** The remembered deliveries' keys, oldest first from `oldest`: a Map walks past every key deleted before. */
  private readonly order: string[] = [];
  private oldest = 0;
  /** How many deliveries were forgotten to keep within `rememberedDeliveries`. */
  forgotten = 0;

  /**
   * `rememberedDeliveries`: how many deliveries are remembered at most, the oldest forgotten first (offline triage of
   * a year of CloudTrail would otherwise remember every event a rule took); unbounded when not given.
   */
  constructor(private readonly rememberedDeliveries = Number.POSITIVE_INFINITY) {}

  private lookup(signal: RegistrySignal) {
    const key = `${signal.exposure.accountId}/${signal.subject}`;
    const currentId = this.subjects.get(key);
    const current = currentId === undefined ? undefined : this.incidents.get(currentId);
    return { key, current, remembered: this.deliveries.get(deliveryKey(signal)) };
  }

  private store(key: string, { outcome, record, remember }: Registration): RegistryOutcome {
    this.incidents.set(record.id, record);
    this.subjects.set(key, record.id);
    if (remember) this.remember(remember);
    return outcome;
  }

  private remember(delivery: RememberedDelivery): void {
    if (!this.deliveries.has(delivery.key) && Number.isFinite(this.rememberedDeliveries))
      this.order.push(delivery.key);
    this.deliveries.set(delivery.key, delivery);
    if (this.deliveries.size <= this.rememberedDeliveries) return;
    this.deliveries.delete(this.order[this.oldest] as string);
    this.oldest += 1;
    this.forgotten += 1;
    if (this.oldest >= this.rememberedDeliveries) {
      this.order.splice(0, this.oldest);
      this.oldest = 0;
    }
  }

  async openOrJoin(signal: RegistrySignal): Promise<RegistryOutcome> {
    const { key, current, remembered } = this.lookup(signal);
    return this.store(key, registerSignal(current, signal, remembered));
  }

  async joinElseOpen(
    signal: RegistrySignal,
    covers: (incident: Incident) => boolean,
    own: RegistrySignal,
  ): Promise<{ joined: RegistryOutcome } | { own: RegistryOutcome }> {
    const { key, current, remembered } = this.lookup(signal);
    const joined = joinSignal(current, signal, remembered, covers);
    return joined ? { joined: this.store(key, joined) } : { own: await this.openOrJoin(own) };
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
