import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../domain/clock.js';
import type { ReplayGuard } from '../../ports/replay-guard.js';

/**
 * Requests seen, in DynamoDB, shared by every instance: a conditional put that fails when the key is there and not
 * yet expired. `expiresAt` (epoch seconds) is the table's TTL attribute; TTL deletes lazily, hence the condition.
 */
export class DynamoDbReplayGuard implements ReplayGuard {
  constructor(private readonly options: { client: DynamoDBDocumentClient; table: string; clock: Clock }) {}

  async claim(key: string, expiresAt: Date): Promise<boolean> {
    try {
      await this.options.client.send(
        new PutCommand({
          TableName: this.options.table,
          Item: { pk: key, expiresAt: Math.ceil(expiresAt.getTime() / 1000) },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': Math.floor(this.options.clock.now().getTime() / 1000) },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
