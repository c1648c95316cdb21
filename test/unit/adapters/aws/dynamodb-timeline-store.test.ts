import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbTimelineStore } from '../../../../src/adapters/aws/dynamodb-timeline-store.js';
import { LocalTimelineKeys } from '../../../../src/adapters/local/local-timeline-keys.js';
import { MemoryTimelineAnchor } from '../../../../src/adapters/local/memory-timeline-anchor.js';
import { chainEntry } from '../../../../src/domain/timeline.js';

const ddb = mockClient(DynamoDBDocumentClient);
const anchor = new MemoryTimelineAnchor();
const store = () =>
  new DynamoDbTimelineStore({
    client: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
    table: 'timeline',
    seal: LocalTimelineKeys.random().sealAs('notify'),
    anchor,
  });
const draft = {
  type: 'notification-sent' as const,
  at: '2026-11-28T09:00:00Z',
  actor: 'rekey:test',
  summary: 'hello',
};

beforeEach(() => ddb.reset());

describe('the DynamoDB timeline store', () => {
  it('writes the next sequence number only if nobody wrote it first', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(PutCommand).resolves({});
    const entry = await store().append('rk-1', draft);
    expect(entry.seq).toBe(1);
    const put = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(put).toMatchObject({
      TableName: 'timeline',
      ConditionExpression: 'attribute_not_exists(seq)',
      Item: { incidentId: 'rk-1', seq: 1, writer: 'notify', seal: entry.seal },
    });
    expect(await anchor.heads('rk-1')).toEqual([{ count: 1, hash: entry.hash }]);
  });

  it('re-reads the head and links to the winner when a parallel writer took the sequence number', async () => {
    const winner = chainEntry('rk-1', undefined, { ...draft, summary: 'winner' }, 'notify');
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [] })
      .resolves({ Items: [winner] });
    ddb
      .on(PutCommand)
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'taken', $metadata: {} }))
      .resolves({});
    const entry = await store().append('rk-1', draft);
    expect(entry).toMatchObject({ seq: 2, prevHash: winner.hash });
  });
});
