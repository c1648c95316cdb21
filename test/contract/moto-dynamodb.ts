import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { freshMoto } from './fresh-moto.js';

/** A table as serverless.yml declares it: a string partition key, and a numeric sort key for the timeline. */
export type TableShape = { name: string; sortKey?: string };

/**
 * DynamoDB on the moto server, reset, with the tables asked for; the document client drops undefined attributes,
 * as the deployed functions' does.
 */
export async function motoDynamoDb(endpoint: string, tables: TableShape[]): Promise<DynamoDBDocumentClient> {
  const client = new DynamoDBClient(await freshMoto(endpoint));
  for (const { name, sortKey } of tables) {
    const partitionKey = sortKey ? 'incidentId' : 'pk';
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: partitionKey, AttributeType: 'S' },
          ...(sortKey ? [{ AttributeName: sortKey, AttributeType: 'N' as const }] : []),
        ],
        KeySchema: [
          { AttributeName: partitionKey, KeyType: 'HASH' },
          ...(sortKey ? [{ AttributeName: sortKey, KeyType: 'RANGE' as const }] : []),
        ],
      }),
    );
  }
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
