import * as z from 'zod';
import { ExposureSchema } from './exposure.js';

/** An incident: one exposed subject in one account, from the first signal to its close. */
export const IncidentSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  subject: z.string(),
  status: z.enum(['open', 'closed']),
  openedAt: z.iso.datetime({ offset: true }),
  closedAt: z.iso.datetime({ offset: true }).optional(),
  /** How many signals (including the first) have been joined to the incident. */
  signals: z.number().int().positive(),
  /** The most recent EventBridge event ids joined to the incident, to recognise re-deliveries. */
  eventIds: z.array(z.string()),
  /** The most recent report ids (finding ids, Health event ARNs) joined: a re-published finding repeats one. */
  reportIds: z.array(z.string()).default([]),
  /** How many times the subject was re-raised after a close; 0 for the first incident. */
  generation: z.number().int().nonnegative(),
  playbook: z.string(),
  drill: z.boolean(),
  exposure: ExposureSchema,
});

/** One exposed subject's incident. */
export type Incident = z.infer<typeof IncidentSchema>;

/** The id of the n-th re-raise of an incident (`<id>-r<n>`). */
export function reraisedIncidentId(baseId: string, generation: number): string {
  return generation === 0 ? baseId : `${baseId}-r${generation}`;
}

/** How many recent EventBridge event ids an incident remembers, to recognise re-deliveries. */
export const REMEMBERED_EVENT_IDS = 20;

/**
 * How long each delivery is remembered on its own (by event id and subject): a re-delivery must never count again,
 * nor re-raise an incident closed meanwhile. EventBridge retries a failed delivery for hours; an event triage failed
 * on is kept on the dead-letter queue for 14 days, and an operator may send it again on the last of them.
 */
export const DELIVERY_MEMORY_SECONDS = 15 * 24 * 3600;

/** A delivery remembered: the incident it was registered to, until when (epoch seconds, a DynamoDB TTL). */
export interface RememberedDelivery {
  key: string;
  incidentId: string;
  expiresAt: number;
}

/** The key a delivery is remembered by: its event id and the subject it concerns (an event can name several). */
export function deliveryKey(signal: Pick<SignalRegistration, 'exposure' | 'subject'>): string {
  return `${signal.exposure.evidence.eventId}#${signal.exposure.accountId}#${signal.subject}`;
}

/** What the registry keeps per incident: the incident and whether its playbook is known to have started. */
export type RegisteredIncident = Incident & { playbookStarted: boolean };

/**
 * What a signal did: opened an incident, joined the open one, re-raised a closed one, or was a re-delivery of
 * an event the incident already has (EventBridge delivers at least once).
 */
export interface RegistryOutcome {
  kind: 'opened' | 'joined' | 'reraised' | 'duplicate';
  incident: Incident;
  playbookStarted: boolean;
  /** A joined signal that only re-publishes a report the incident has (an updated finding): counted, not recorded. */
  republished?: boolean;
}

/** The base id an incident was re-raised from (`rk-...-r2` → `rk-...`). */
export function baseIncidentId(id: string): string {
  return id.replace(/-r\d+$/, '');
}

/** A signal as the registry sees it. */
export interface SignalRegistration {
  exposure: Incident['exposure'];
  subject: string;
  playbook: string;
  drill: boolean;
  at: Date;
  newIncidentId: () => string;
}

/** A decided registration: what it did, the incident record to store, and the delivery to remember. */
export interface Registration {
  outcome: RegistryOutcome;
  record: RegisteredIncident;
  remember?: RememberedDelivery;
}

/** The ids a list keeps after `id` joins it: the most recent REMEMBERED_EVENT_IDS. */
function recent(ids: readonly string[], id: string): string[] {
  const kept =
    ids.length >= REMEMBERED_EVENT_IDS ? ids.slice(ids.length - REMEMBERED_EVENT_IDS + 1) : [...ids];
  kept.push(id);
  return kept;
}

/**
 * The incident a record holds, without the registry's own field, its keys in the schema's order. Built key by key:
 * on Node 20 a rest copy costs ten times as much, and triage of a year of CloudTrail does this per signal.
 */
function incidentOf(record: RegisteredIncident): Incident {
  const incident = {
    id: record.id,
    accountId: record.accountId,
    subject: record.subject,
    status: record.status,
    openedAt: record.openedAt,
  } as Incident;
  if (record.closedAt !== undefined) incident.closedAt = record.closedAt;
  incident.signals = record.signals;
  incident.eventIds = record.eventIds;
  incident.reportIds = record.reportIds;
  incident.generation = record.generation;
  incident.playbook = record.playbook;
  incident.drill = record.drill;
  incident.exposure = record.exposure;
  return incident;
}

/** A decided registration: the outcome, the record, and (unless a duplicate) the delivery to remember. */
function settled(
  signal: SignalRegistration,
  now: number,
  kind: RegistryOutcome['kind'],
  record: RegisteredIncident,
  republished = false,
): Registration {
  const outcome: RegistryOutcome = {
    kind,
    incident: incidentOf(record),
    playbookStarted: record.playbookStarted,
  };
  if (republished) outcome.republished = true;
  if (kind === 'duplicate') return { outcome, record };
  const remember = {
    key: deliveryKey(signal),
    incidentId: record.id,
    expiresAt: now + DELIVERY_MEMORY_SECONDS,
  };
  return { outcome, record, remember };
}

/**
 * Decides a signal's registration against the subject's current incident and the delivery's memory (a delivery
 * remembered, and not yet expired, is a duplicate however long ago it came); every registry adapter applies this
 * inside its own conditional write and stores the returned record and, unless a duplicate, the delivery's memory.
 */
export function registerSignal(
  current: RegisteredIncident | undefined,
  signal: SignalRegistration,
  remembered?: RememberedDelivery,
): Registration {
  const { eventId, reportId } = signal.exposure.evidence;
  const now = Math.floor(signal.at.getTime() / 1000);
  if (current && ((remembered && remembered.expiresAt > now) || current.eventIds.includes(eventId)))
    return settled(signal, now, 'duplicate', current);
  if (current?.status === 'open') {
    const reportIds = current.reportIds ?? [];
    const known = reportIds.includes(reportId);
    // The record copied key by key (incidentOf), its counts replaced in place: no spread (see incidentOf).
    const joined = incidentOf(current) as RegisteredIncident;
    joined.signals = current.signals + 1;
    joined.eventIds = recent(current.eventIds, eventId);
    joined.reportIds = known ? reportIds : recent(reportIds, reportId);
    joined.playbookStarted = current.playbookStarted;
    return settled(signal, now, 'joined', joined, known);
  }
  const generation = current ? current.generation + 1 : 0;
  return settled(signal, now, current ? 'reraised' : 'opened', {
    id: current ? reraisedIncidentId(baseIncidentId(current.id), generation) : signal.newIncidentId(),
    accountId: signal.exposure.accountId,
    subject: signal.subject,
    status: 'open',
    openedAt: signal.at.toISOString(),
    signals: 1,
    eventIds: [eventId],
    reportIds: [reportId],
    generation,
    playbook: signal.playbook,
    drill: signal.drill,
    exposure: signal.exposure,
    playbookStarted: false,
  });
}

/**
 * Decides a signal offered to another subject's incident (a key named while its user's incident is open): it joins
 * only an open incident `covers` accepts, and a re-delivery of a signal joined before is still the duplicate it is.
 * Anything else (no incident, a closed one, one that does not cover it) is undefined: nothing is written, and the
 * signal goes to its own subject.
 */
export function joinSignal(
  current: RegisteredIncident | undefined,
  signal: SignalRegistration,
  remembered: RememberedDelivery | undefined,
  covers: (incident: Incident) => boolean,
): Registration | undefined {
  if (!current) return undefined;
  const result = registerSignal(current, signal, remembered);
  if (result.outcome.kind === 'duplicate') return result;
  return result.outcome.kind === 'joined' && covers(result.outcome.incident) ? result : undefined;
}
