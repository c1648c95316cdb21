import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MemberAccounts } from '../../adapters/aws/member-accounts.js';
import type { IdentityProvider } from '../../ports/identity.js';
import type { Log } from '../../ports/log.js';

const powertools = new Logger({ serviceName: 'rekey' });

/** The structured JSON log every function writes (Powertools Logger, service `rekey`). */
export const logger: Log = {
  info: (message, attributes) => powertools.info(message, attributes ?? {}),
  warn: (message, attributes) => powertools.warn(message, attributes ?? {}),
  error: (message, attributes) => powertools.error(message, attributes ?? {}),
};

/** A DynamoDB document client that drops undefined attributes (timeline data is sparse). */
export function documentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** IAM of the accounts Rekey can act in: its own directly, the others through the member role. */
export function identityProvider(ownAccountId: string, memberRoleName: string): IdentityProvider {
  const accounts = new MemberAccounts({
    sts: new STSClient({}),
    ownAccountId,
    ...(memberRoleName ? { memberRoleName } : {}),
  });
  return accounts.identityFor;
}
