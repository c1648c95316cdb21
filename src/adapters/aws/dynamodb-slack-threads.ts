import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SlackThread, SlackThreadStore } from '../../ports/slack-threads.js';
import { awsCall } from './errors.js';

const key = (incidentId: string) => ({ pk: `slack-thread#${incidentId}` });

/** Slack threads in DynamoDB (the approvals table, under their own keys); each write conditional on the version. */
export class DynamoDbSlackThreads implements SlackThreadStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;

  constructor({ client, table }: { client: DynamoDBDocumentClient; table: string }) {
    this.client = client;
    this.table = table;
  }

  async get(incidentId: string): Promise<SlackThread | undefined> {
    const out = await awsCall('dynamodb:GetItem', () =>
      this.client.send(new GetCommand({ TableName: this.table, Key: key(incidentId), ConsistentRead: true })),
    );
    if (!out.Item) return undefined;
    const { pk: _, ...thread } = out.Item;
    return thread as SlackThread;
  }

  async put(thread: SlackThread): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...key(thread.incidentId), ...thread },
          ...(thread.version === 1
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'version = :previous',
                ExpressionAttributeValues: { ':previous': thread.version - 1 },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
