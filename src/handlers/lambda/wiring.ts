import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IAMClient } from '@aws-sdk/client-iam';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { IamIdentity } from '../../adapters/aws/iam-identity.js';
import { NotContainableError } from '../../domain/errors.js';
import type { Identity, IdentityProvider } from '../../ports/identity.js';
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

/**
 * IAM of the accounts Rekey can act in. For now that is the account it is deployed in; organisation-wide
 * containment through a member-account role comes with the organisation deployment.
 */
export function identityProvider(ownAccountId: string): IdentityProvider {
  let own: Identity | undefined;
  return (accountId) => {
    if (accountId !== ownAccountId) {
      throw new NotContainableError(
        `Rekey has no role in account ${accountId} (it is deployed in ${ownAccountId})`,
      );
    }
    own ??= new IamIdentity({ client: new IAMClient({}) });
    return own;
  };
}
