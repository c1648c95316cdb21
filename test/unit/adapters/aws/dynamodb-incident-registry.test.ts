import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbIncidentRegistry } from '../../../../src/adapters/aws/dynamodb-incident-registry.js';
import type { Exposure } from '../../../../src/domain/exposure.js';
import { registerSignal } from '../../../../src/domain/incident.js';
import { aliceExposure } from '../../../support/incident.js';

const ddb = mockClient(DynamoDBDocumentClient);
const registry = () =>
  new DynamoDbIncidentRegistry({
    client: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
    table: 'incidents',
  });

const exposure: Exposure = aliceExposure({
  reportId: 'f1',
  eventId: 'e1',
  observedAt: '2026-11-28T09:00:00Z',
});
const signal = (eventId: string) => ({
  exposure: { ...exposure, evidence: { ...exposure.evidence, eventId } },
  subject: 'access-key/AKIAIOSFODNN7EXAMPLE',
  playbook: 'exposed-access-key',
  drill: false,
  at: new Date('2026-11-28T09:00:00Z'),
  newIncidentId: () => 'rk-20261128-aaaa0001',
});

beforeEach(() => ddb.reset());

describe('the DynamoDB incident registry', () => {
  it('opens an incident with one transaction conditional on the subject having none', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    const outcome = await registry().openOrJoin(signal('e1'));
    expect(outcome).toMatchObject({ kind: 'opened', incident: { id: 'rk-20261128-aaaa0001' } });
    const [pointer] = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(pointer?.Put).toMatchObject({
      Item: {
        pk: 'SUBJECT#111122223333#access-key/AKIAIOSFODNN7EXAMPLE',
        incidentId: 'rk-20261128-aaaa0001',
        version: 1,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR version = :v',
      ExpressionAttributeValues: { ':v': 0 },
    });
  });

  it('re-reads and joins when a concurrent triage opened the incident first', async () => {
    const opened = registerSignal(undefined, signal('e0')).record;
    ddb
      .on(GetCommand)
      .resolvesOnce({})
      .resolves({ Item: { pk: 'x', incidentId: opened.id, version: 1, ...opened } });
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(new TransactionCanceledException({ message: 'ConditionalCheckFailed', $metadata: {} }))
      .resolves({});
    const outcome = await registry().openOrJoin(signal('e1'));
    expect(outcome).toMatchObject({ kind: 'joined', incident: { id: opened.id, signals: 2 } });
  });

  it('writes nothing for a re-delivered event', async () => {
    const opened = registerSignal(undefined, signal('e1')).record;
    ddb.on(GetCommand).resolves({ Item: { pk: 'x', incidentId: opened.id, version: 1, ...opened } });
    const outcome = await registry().openOrJoin(signal('e1'));
    expect(outcome.kind).toBe('duplicate');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
