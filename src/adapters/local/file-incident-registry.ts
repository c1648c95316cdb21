import { join } from 'node:path';
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
import { KeyedMutex, readJson, writeJsonAtomic } from './json-files.js';

interface RegistryFile {
  /** The current incident id of each account/subject. */
  subjects: Record<string, string>;
  incidents: Record<string, RegisteredIncident>;
  /** Each delivery, by event id and subject, until it expires. */
  deliveries?: Record<string, RememberedDelivery>;
}

/** A signal's subject key, its current incident and its delivery's memory, in the file. */
function lookup(file: RegistryFile, signal: RegistrySignal) {
  const key = `${signal.exposure.accountId}/${signal.subject}`;
  const currentId = file.subjects[key];
  return {
    key,
    current: currentId === undefined ? undefined : file.incidents[currentId],
    remembered: file.deliveries?.[deliveryKey(signal)],
  };
}

/** Stores a decided registration in the file. */
function store(
  file: RegistryFile,
  key: string,
  { outcome, record, remember }: Registration,
): RegistryOutcome {
  file.incidents[record.id] = record;
  file.subjects[key] = record.id;
  if (remember) {
    file.deliveries ??= {};
    file.deliveries[remember.key] = remember;
  }
  return outcome;
}

/** The incident registry in one JSON file, for local runs; one writer at a time within the process. */
export class FileIncidentRegistry implements IncidentRegistry {
  private readonly path: string;
  private readonly mutex = new KeyedMutex();

  constructor(directory: string) {
    this.path = join(directory, 'incidents.json');
  }

  private update<T>(change: (file: RegistryFile) => T): Promise<T> {
    return this.mutex.run('registry', async () => {
      const file = await readJson<RegistryFile>(this.path, { subjects: {}, incidents: {} });
      const result = change(file);
      await writeJsonAtomic(this.path, file);
      return result;
    });
  }

  openOrJoin(signal: RegistrySignal): Promise<RegistryOutcome> {
    return this.update((file) => {
      const { key, current, remembered } = lookup(file, signal);
      return store(file, key, registerSignal(current, signal, remembered));
    });
  }

  joinElseOpen(
    signal: RegistrySignal,
    covers: (incident: Incident) => boolean,
    own: RegistrySignal,
  ): Promise<{ joined: RegistryOutcome } | { own: RegistryOutcome }> {
    return this.update((file) => {
      const { key, current, remembered } = lookup(file, signal);
      const joined = joinSignal(current, signal, remembered, covers);
      if (joined) return { joined: store(file, key, joined) };
      const mine = lookup(file, own);
      return { own: store(file, mine.key, registerSignal(mine.current, own, mine.remembered)) };
    });
  }

  markPlaybookStarted(incidentId: string): Promise<void> {
    return this.update((file) => {
      const incident = file.incidents[incidentId];
      if (!incident) throw new NotFoundError(`no incident ${incidentId}`);
      incident.playbookStarted = true;
    });
  }

  async get(incidentId: string): Promise<Incident | undefined> {
    const file = await readJson<RegistryFile>(this.path, { subjects: {}, incidents: {} });
    const found = file.incidents[incidentId];
    if (!found) return undefined;
    const { playbookStarted: _, ...incident } = found;
    return incident;
  }

  /** Every incident the registry holds, oldest first. */
  async list(): Promise<Incident[]> {
    const file = await readJson<RegistryFile>(this.path, { subjects: {}, incidents: {} });
    return Object.values(file.incidents)
      .map(({ playbookStarted: _, ...incident }) => incident)
      .sort((a, b) => a.openedAt.localeCompare(b.openedAt));
  }

  close(incidentId: string, at: Date): Promise<Incident> {
    return this.update((file) => {
      const incident = file.incidents[incidentId];
      if (!incident) throw new NotFoundError(`no incident ${incidentId}`);
      if (incident.status === 'open') {
        incident.status = 'closed';
        incident.closedAt = at.toISOString();
      }
      const { playbookStarted: _, ...closed } = incident;
      return closed;
    });
  }
}
