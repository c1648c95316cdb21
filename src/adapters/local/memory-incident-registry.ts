import { NotFoundError } from '../../domain/errors.js';
import {
  type Incident,
  joinSignal,
  type RegisteredIncident,
  type Registration,
  type RememberedDelivery,
  registerSignal,
} from '../../domain/incident.js';
import type { IncidentRegistry, RegistryOutcome, RegistrySignal } from '../../ports/incident-registry.js';

/** A delivery remembered, chained to the same event's deliveries to other subjects. */
interface Held {
  accountId: string;
  subject: string;
  delivery: RememberedDelivery;
  next: Held | undefined;
}

/** The incident registry in memory: for tests, benchmarks and offline triage. */
export class MemoryIncidentRegistry implements IncidentRegistry {
  private readonly subjects = new Map<string, string>();
  readonly incidents = new Map<string, RegisteredIncident>();
  /**
   * Deliveries by event id, each chained to the event's other subjects: the id is a string JSON.parse gave, hashed
   * once, where a key joining it to the subject would be built and hashed anew for every lookup.
   */
  private readonly deliveries = new Map<string, Held>();
  private held = 0;

  /** The remembered event ids, oldest first from `oldest`: a Map walks past every key deleted before. */
  private readonly order: string[] = [];
  private oldest = 0;
  /** How many deliveries were forgotten to keep within `rememberedDeliveries`. */
  forgotten = 0;

  /**
   * `rememberedDeliveries`: how many deliveries are remembered at most, the oldest forgotten first (offline triage of
   * a year of CloudTrail would otherwise remember every event a rule took); unbounded when not given.
   */
  constructor(private readonly rememberedDeliveries = Number.POSITIVE_INFINITY) {}

  /** The subject's pointer key, its current incident, and where the signal's delivery is (or would be) remembered. */
  private lookup(signal: RegistrySignal) {
    const key = `${signal.exposure.accountId}/${signal.subject}`;
    const currentId = this.subjects.get(key);
    const current = currentId === undefined ? undefined : this.incidents.get(currentId);
    const first = this.deliveries.get(signal.exposure.evidence.eventId);
    let held = first;
    while (held && (held.subject !== signal.subject || held.accountId !== signal.exposure.accountId))
      held = held.next;
    return { key, current, remembered: held?.delivery, place: { first, held } };
  }

  /** Stores a registration, its delivery at the place lookup found for it (one Map read and one write a signal). */
  private store(
    key: string,
    signal: RegistrySignal,
    place: { first?: Held; held?: Held },
    { outcome, record, remember }: Registration,
  ): RegistryOutcome {
    this.incidents.set(record.id, record);
    this.subjects.set(key, record.id);
    if (remember) this.remember(signal, place, remember);
    return outcome;
  }

  private remember(
    signal: RegistrySignal,
    { first, held }: { first?: Held; held?: Held },
    delivery: RememberedDelivery,
  ): void {
    if (held) {
      held.delivery = delivery;
      return;
    }
    const { eventId } = signal.exposure.evidence;
    if (!first && Number.isFinite(this.rememberedDeliveries)) this.order.push(eventId);
    this.deliveries.set(eventId, {
      accountId: signal.exposure.accountId,
      subject: signal.subject,
      delivery,
      next: first,
    });
    this.held += 1;
    while (this.held > this.rememberedDeliveries) this.forgetOldest();
  }

  /** Forgets the oldest event's deliveries (every subject it was remembered for). */
  private forgetOldest(): void {
    const eventId = this.order[this.oldest] as string;
    for (let held = this.deliveries.get(eventId); held; held = held.next) {
      this.held -= 1;
      this.forgotten += 1;
    }
    this.deliveries.delete(eventId);
    this.oldest += 1;
    if (this.oldest >= this.rememberedDeliveries) {
      this.order.splice(0, this.oldest);
      this.oldest = 0;
    }
  }

  async openOrJoin(signal: RegistrySignal): Promise<RegistryOutcome> {
    const { key, current, remembered, place } = this.lookup(signal);
    return this.store(key, signal, place, registerSignal(current, signal, remembered));
  }

  async joinElseOpen(
    signal: RegistrySignal,
    covers: (incident: Incident) => boolean,
    own: RegistrySignal,
  ): Promise<{ joined: RegistryOutcome } | { own: RegistryOutcome }> {
    const { key, current, remembered, place } = this.lookup(signal);
    const joined = joinSignal(current, signal, remembered, covers);
    return joined ? { joined: this.store(key, signal, place, joined) } : { own: await this.openOrJoin(own) };
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
