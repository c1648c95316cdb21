import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { NotFoundError, RekeyError } from '../../domain/errors.js';
import {
  deliveryKey,
  type Incident,
  IncidentSchema,
  joinSignal,
  type RegisteredIncident,
  type Registration,
  type RememberedDelivery,
  registerSignal,
} from '../../domain/incident.js';
import type { IncidentRegistry, RegistryOutcome, RegistrySignal } from '../../ports/incident-registry.js';
import { awsCall } from './errors.js';

const MAX_ATTEMPTS = 8;
type Stored = RegisteredIncident & { pk: string };

const subjectKey = (accountId: string, subject: string) => `SUBJECT#${accountId}#${subject}`;
const incidentKey = (id: string) => `INCIDENT#${id}`;
const deliveryItemKey = (key: string) => `DELIVERY#${key}`;

/** How a signal is registered against what its subject holds now, or undefined when it writes nothing. */
type Decide = (
  current: RegisteredIncident | undefined,
  remembered: RememberedDelivery | undefined,
) => Registration | undefined;

/** The first choice its decision takes, decided in order and each once (opening an incident takes a new id). */
function firstTaken(
  choices: Array<{ decide: Decide }>,
  reads: Array<{ version: number; current?: RegisteredIncident; remembered?: RememberedDelivery }>,
): { index: number; decided: Registration; version: number } | undefined {
  for (const [index, { decide }] of choices.entries()) {
    const read = reads[index];
    const decided = read && decide(read.current, read.remembered);
    if (read && decided) return { index, decided, version: read.version };
  }
  return undefined;
}

/**
 * The incident registry in DynamoDB. A subject's pointer item names its current incident and carries a version;
 * every registration is one transaction conditional on that version, so concurrent triage invocations agree on
 * exactly one open incident per account and subject. Each delivery (event id and subject) is remembered in the same
 * transaction, for 15 days (the table's TTL removes it): a re-delivery is a duplicate however late it comes.
 */
export class DynamoDbIncidentRegistry implements IncidentRegistry {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;

  constructor({ client, table }: { client: DynamoDBDocumentClient; table: string }) {
    this.client = client;
    this.table = table;
  }

  private async item<T>(pk: string): Promise<T | undefined> {
    const out = await awsCall('dynamodb:GetItem', () =>
      this.client.send(new GetCommand({ TableName: this.table, Key: { pk }, ConsistentRead: true })),
    );
    return out.Item as T | undefined;
  }

  async openOrJoin(signal: RegistrySignal): Promise<RegistryOutcome> {
    const [registered] = await this.registerFirst([
      { signal, decide: (current, remembered) => registerSignal(current, signal, remembered) },
    ]);
    return registered as RegistryOutcome;
  }

  async joinElseOpen(
    signal: RegistrySignal,
    covers: (incident: Incident) => boolean,
    own: RegistrySignal,
  ): Promise<{ joined: RegistryOutcome } | { own: RegistryOutcome }> {
    const [joined, opened] = await this.registerFirst([
      { signal, decide: (current, remembered) => joinSignal(current, signal, remembered, covers) },
      { signal: own, decide: (current, remembered) => registerSignal(current, own, remembered) },
    ]);
    return joined ? { joined } : { own: opened as RegistryOutcome };
  }

  /** A subject's pointer, its incident and the signal's delivery, as stored now. */
  private async read(signal: RegistrySignal) {
    const [pointer, remembered] = await Promise.all([
      this.item<{ incidentId: string; version: number }>(
        subjectKey(signal.exposure.accountId, signal.subject),
      ),
      this.item<RememberedDelivery & { pk: string }>(deliveryItemKey(deliveryKey(signal))),
    ]);
    const stored = pointer ? await this.item<Stored>(incidentKey(pointer.incidentId)) : undefined;
    const current = stored && { ...IncidentSchema.parse(stored), playbookStarted: stored.playbookStarted };
    return { version: pointer?.version ?? 0, current, remembered };
  }

  /**
   * Registers the first signal its `decide` takes (undefined: it writes nothing), conditional on its subject's
   * pointer; every subject is read at once, and all are read again when another writer won. Answers the outcome
   * at the index of the signal registered.
   */
  private async registerFirst(
    choices: Array<{ signal: RegistrySignal; decide: Decide }>,
  ): Promise<Array<RegistryOutcome | undefined>> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const reads = await Promise.all(choices.map((c) => this.read(c.signal)));
      const taken = firstTaken(choices, reads);
      if (!taken) return [];
      const { index, decided, version } = taken;
      const answer = choices.map((_, i) => (i === index ? decided.outcome : undefined));
      if (decided.outcome.kind === 'duplicate') return answer;
      if (await this.write(choices[index]?.signal as RegistrySignal, version, decided)) return answer;
    }
    const subjects = choices.map((c) => c.signal.subject).join(', ');
    throw new RekeyError(
      `could not register a signal for ${subjects} after ${MAX_ATTEMPTS} conflicting writes`,
    );
  }

  /** The registration as one transaction conditional on the subject's pointer version; false if another won. */
  private async write(
    signal: RegistrySignal,
    version: number,
    { record, remember }: Registration,
  ): Promise<boolean> {
    const pointerKey = subjectKey(signal.exposure.accountId, signal.subject);
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { pk: pointerKey, incidentId: record.id, version: version + 1 },
                ConditionExpression: 'attribute_not_exists(pk) OR version = :v',
                ExpressionAttributeValues: { ':v': version },
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: { pk: incidentKey(record.id), ...record },
              },
            },
            ...(remember
              ? [
                  {
                    // A concurrent delivery of the same event loses here and is then seen as the duplicate it is.
                    Put: {
                      TableName: this.table,
                      Item: { pk: deliveryItemKey(remember.key), ...remember },
                      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
                      ExpressionAttributeValues: { ':now': Math.floor(signal.at.getTime() / 1000) },
                    },
                  },
                ]
              : []),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      return false;
    }
  }

  async markPlaybookStarted(incidentId: string): Promise<void> {
    await awsCall('dynamodb:UpdateItem', () =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: incidentKey(incidentId) },
          UpdateExpression: 'SET playbookStarted = :t',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':t': true },
        }),
      ),
    );
  }

  async get(incidentId: string): Promise<Incident | undefined> {
    const stored = await this.item<Stored>(incidentKey(incidentId));
    return stored && IncidentSchema.parse(stored);
  }

  async close(incidentId: string, at: Date): Promise<Incident> {
    const stored = await this.item<Stored>(incidentKey(incidentId));
    if (!stored) throw new NotFoundError(`no incident ${incidentId}`);
    if (stored.status === 'closed') return IncidentSchema.parse(stored);
    const out = await awsCall('dynamodb:UpdateItem', () =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: incidentKey(incidentId) },
          UpdateExpression: 'SET #s = :closed, closedAt = if_not_exists(closedAt, :at)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':closed': 'closed', ':at': at.toISOString() },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return IncidentSchema.parse(out.Attributes);
  }
}
