import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { RetryOptions } from '@slack/web-api';
import * as z from 'zod';
import { DynamoDbSlackThreads } from '../../adapters/aws/dynamodb-slack-threads.js';
import { LogNotifier } from '../../adapters/local/log-notifier.js';
import { slackClient } from '../../adapters/slack/client.js';
import { SlackNotifier } from '../../adapters/slack/slack-notifier.js';
import type { Notifier } from '../../ports/notifier.js';
import { documentClient, logger } from './wiring.js';

/** What Rekey's Slack secret holds; its values are never logged. */
const SlackSecretSchema = z.object({
  botToken: z.string().startsWith('xoxb-'),
  signingSecret: z.string().min(16),
});

/** The Slack app's credentials. */
export type SlackSecret = z.infer<typeof SlackSecretSchema>;

let cached: Promise<SlackSecret | undefined> | undefined;

/**
 * Reads the Slack secret once per cold start. Missing or malformed, Slack is not connected: the caller falls back
 * (notices to the log; the endpoint refuses every request), and the reason is logged without the value.
 */
export function slackSecret(secretId: string): Promise<SlackSecret | undefined> {
  cached ??= new SecretsManagerClient({})
    .send(new GetSecretValueCommand({ SecretId: secretId }))
    .then((out) => SlackSecretSchema.parse(JSON.parse(out.SecretString ?? '')))
    .catch((error: Error) => {
      logger.warn('Slack is not connected: the Slack secret cannot be read', {
        secretId,
        error: error.name,
      });
      return undefined;
    });
  return cached;
}

/** The notifier of a deployed function: Slack when connected, else the structured log. */
export async function deployedNotifier(
  env: {
    REKEY_SLACK_SECRET_ID: string;
    REKEY_SLACK_CHANNEL: string;
    REKEY_APPROVALS_TABLE: string;
    SLACK_API_URL?: string | undefined;
  },
  retries?: RetryOptions,
): Promise<Notifier> {
  const secret = env.REKEY_SLACK_CHANNEL ? await slackSecret(env.REKEY_SLACK_SECRET_ID) : undefined;
  if (!secret) return new LogNotifier(logger);
  return new SlackNotifier({
    client: slackClient(secret.botToken, {
      apiUrl: env.SLACK_API_URL,
      ...(retries ? { retries } : {}),
    }),
    channel: env.REKEY_SLACK_CHANNEL,
    threads: new DynamoDbSlackThreads({ client: documentClient(), table: env.REKEY_APPROVALS_TABLE }),
  });
}
