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

/** A delivery remembered: its event and subject (strings the signal holds already, none built to keep it). */
interface Held {
  eventId: string;
  accountId: string;
  subject: string;
  delivery: RememberedDelivery;
}

/**
 * An event's remembered deliveries: most events concern one subject, held as itself; several in a Map by the
 * subject's key (`account/subject`).
 */
type HeldFor = Held | Map<string, Held>;

const keyOf = (held: Held) => `${held.accountId}/${held.subject}`;

/** The incident registry in memory: for tests, benchmarks and offline triage. */
export class MemoryIncidentRegistry implements IncidentRegistry {
  private readonly subjects = new Map<string, string>();
  readonly incidents = new Map<string, RegisteredIncident>();
  /**
   * Deliveries by event id, then by the subject's key: the id is a string JSON.parse gave, hashed once, and the
   * subject's key is the one lookup builds anyway, where a key joining both would be built and hashed anew.
   */
  private readonly deliveries = new Map<string, HeldFor>();
  private held = 0;

  /** The remembered deliveries, oldest first from `oldest`: a Map walks past every key deleted before. */
  private readonly order: Held[] = [];
  private oldest = 0;
  /** How many deliveries were forgotten to keep within `rememberedDeliveries`. */
  forgotten = 0;

  /**
   * `rememberedDeliveries`: how many deliveries are remembered at most, the oldest forgotten first (offline triage of
   * a year of CloudTrail would otherwise remember every event a rule took); unbounded when not given.
   */
  constructor(private readonly rememberedDeliveries = Number.POSITIVE_INFINITY) {}

  /** The subject's pointer key, its current incident, and the event's remembered deliveries (with this one's). */
  private lookup(signal: RegistrySignal) {
    const key = `${signal.exposure.accountId}/${signal.subject}`;
    const currentId = this.subjects.get(key);
    const current = currentId === undefined ? undefined : this.incidents.get(currentId);
    const place = this.deliveries.get(signal.exposure.evidence.eventId);
    const held =
      place instanceof Map
        ? place.get(key)
        : place?.subject === signal.subject && place.accountId === signal.exposure.accountId
          ? place
          : undefined;
    return { key, current, remembered: held?.delivery, place: { all: place, held } };
  }

  /** Stores a registration, its delivery where lookup found the event's (one Map read and one write a signal). */
  private store(
    key: string,
    signal: RegistrySignal,
    place: { all?: HeldFor; held?: Held },
    { outcome, record, remember }: Registration,
  ): RegistryOutcome {
    this.incidents.set(record.id, record);
    this.subjects.set(key, record.id);
    if (remember) this.remember(signal, key, place, remember);
    return outcome;
  }

  private remember(
    signal: RegistrySignal,
    key: string,
    { all, held }: { all?: HeldFor; held?: Held },
    delivery: RememberedDelivery,
  ): void {
    if (held) {
      held.delivery = delivery;
      return;
    }
    const { eventId } = signal.exposure.evidence;
    const added = { eventId, accountId: signal.exposure.accountId, subject: signal.subject, delivery };
    if (all instanceof Map) all.set(key, added);
    else
      this.deliveries.set(
        eventId,
        all
          ? new Map([
              [keyOf(all), all],
              [key, added],
            ])
          : added,
      );
    if (Number.isFinite(this.rememberedDeliveries)) this.order.push(added);
    this.held += 1;
    while (this.held > this.rememberedDeliveries) this.forgetOldest();
  }

  /** Forgets the oldest delivery remembered. */
  private forgetOldest(): void {
    const oldest = this.order[this.oldest] as Held;
    const all = this.deliveries.get(oldest.eventId);
    if (all instanceof Map) {
      all.delete(keyOf(oldest));
      if (all.size === 0) this.deliveries.delete(oldest.eventId);
    } else if (all === oldest) this.deliveries.delete(oldest.eventId);
    this.held -= 1;
    this.forgotten += 1;
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
