import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../domain/clock.js';
import type { KeyOwner, KeyOwnerIndex } from '../../ports/key-owners.js';
import { awsCall } from './errors.js';

/** Items under this prefix of the incidents table (triage's role writes its other items too: no LeadingKeys bound). */
export const KEY_OWNER_PREFIX = 'KEYOWNER#';
/** An entry no inventory or triage has confirmed for this long is gone (the table's TTL): its key was deleted. */
const KEPT_MS = 30 * 24 * 3600 * 1000;
/** Puts in flight at once: an inventory writes one item per key. */
const AT_ONCE = 16;

const keyOf = (accountId: string, accessKeyId: string) => `${KEY_OWNER_PREFIX}${accountId}#${accessKeyId}`;

/** The key-owner index in the incidents table, one item per key, kept 30 days after IAM last named its owner. */
export class DynamoDbKeyOwners implements KeyOwnerIndex {
  constructor(private readonly options: { client: DynamoDBDocumentClient; table: string; clock: Clock }) {}

  async ownerOf(accountId: string, accessKeyId: string): Promise<string | undefined> {
    const { client, table } = this.options;
    const out = await awsCall('dynamodb:GetItem', () =>
      client.send(new GetCommand({ TableName: table, Key: { pk: keyOf(accountId, accessKeyId) } })),
    );
    const userName = out.Item?.userName;
    return typeof userName === 'string' ? userName : undefined;
  }

  async record(owners: readonly KeyOwner[]): Promise<void> {
    const { client, table, clock } = this.options;
    const expiresAt = Math.ceil((clock.now().getTime() + KEPT_MS) / 1000);
    for (let i = 0; i < owners.length; i += AT_ONCE)
      await Promise.all(
        owners.slice(i, i + AT_ONCE).map((o) =>
          awsCall('dynamodb:PutItem', () =>
            client.send(
              new PutCommand({
                TableName: table,
                Item: { pk: keyOf(o.accountId, o.accessKeyId), userName: o.userName, expiresAt },
              }),
            ),
          ),
        ),
      );
  }
}
