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

/**
 * The incident registry in DynamoDB. A subject's pointer item names its current incident and carries a version;
 * every registration is one transaction conditional on that version, so concurrent triage invocations agree on
 * exactly one open incident per account and subject. Each delivery (event id and subject) is remembered in the same
 * transaction, for two days (the table's TTL removes it): a re-delivery is a duplicate however late it comes.
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
    return this.register(signal, (current, remembered) =>
      registerSignal(current, signal, remembered),
    ) as Promise<RegistryOutcome>;
  }

  async join(
    signal: RegistrySignal,
    covers: (incident: Incident) => boolean,
  ): Promise<RegistryOutcome | undefined> {
    return this.register(signal, (current, remembered) => joinSignal(current, signal, remembered, covers));
  }

  /** Registers the signal as `decide` says, conditional on the subject's pointer; undefined writes nothing. */
  private async register(
    signal: RegistrySignal,
    decide: (
      current: RegisteredIncident | undefined,
      remembered: RememberedDelivery | undefined,
    ) => Registration | undefined,
  ): Promise<RegistryOutcome | undefined> {
    const pointerKey = subjectKey(signal.exposure.accountId, signal.subject);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const [pointer, remembered] = await Promise.all([
        this.item<{ incidentId: string; version: number }>(pointerKey),
        this.item<RememberedDelivery & { pk: string }>(deliveryItemKey(deliveryKey(signal))),
      ]);
      const current = pointer ? await this.item<Stored>(incidentKey(pointer.incidentId)) : undefined;
      const decided = decide(
        current && { ...IncidentSchema.parse(current), playbookStarted: current.playbookStarted },
        remembered,
      );
      if (!decided) return undefined;
      const { outcome, record, remember } = decided;
      if (outcome.kind === 'duplicate') return outcome;
      const version = pointer?.version ?? 0;
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
        return outcome;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
      }
    }
    throw new RekeyError(
      `could not register a signal for ${signal.subject} after ${MAX_ATTEMPTS} conflicting writes`,
    );
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
