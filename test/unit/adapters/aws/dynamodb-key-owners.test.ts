import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbKeyOwners } from '../../../../src/adapters/aws/dynamodb-key-owners.js';
import { ManualClock } from '../../../support/fixed-clock.js';

const ddb = mockClient(DynamoDBDocumentClient);
const index = () =>
  new DynamoDbKeyOwners({
    client: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
    table: 'incidents',
    clock: new ManualClock('2026-11-28T09:00:00Z'),
  });

describe('DynamoDbKeyOwners', () => {
  beforeEach(() => ddb.reset());

  it("reads a key's owner from its own item of the incidents table", async () => {
    ddb.on(GetCommand).resolves({});
    ddb
      .on(GetCommand, { TableName: 'incidents', Key: { pk: 'KEYOWNER#111122223333#AKIAIOSFODNN7EXAMPLE' } })
      .resolves({ Item: { pk: 'KEYOWNER#111122223333#AKIAIOSFODNN7EXAMPLE', userName: 'alice' } });

    expect(await index().ownerOf('111122223333', 'AKIAIOSFODNN7EXAMPLE')).toBe('alice');
    expect(await index().ownerOf('111122223333', 'AKIAOTHERKEY00000001')).toBeUndefined();
  });

  it('writes one item per key, kept 30 days (the TTL attribute) after IAM named its owner', async () => {
    ddb.on(PutCommand).resolves({});
    const owners = Array.from({ length: 20 }, (_, i) => ({
      accountId: '111122223333',
      accessKeyId: `AKIAKEY${String(i).padStart(13, '0')}`,
      userName: `user-${i}`,
    }));

    await index().record(owners);

    const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input);
    expect(puts).toHaveLength(20);
    expect(puts[3]).toEqual({
      TableName: 'incidents',
      Item: {
        pk: 'KEYOWNER#111122223333#AKIAKEY0000000000003',
        userName: 'user-3',
        expiresAt: Date.parse('2026-12-28T09:00:00Z') / 1000,
      },
    });
  });
});
