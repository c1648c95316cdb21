import { SendMessageCommand, SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { printable } from '../../domain/inert-text.js';
import { keepableJson } from '../../domain/json-limits.js';
import type { DeadLetters } from '../../ports/dead-letters.js';
import { awsCall } from './errors.js';

/** Rejected input kept in an SQS queue with the reason. */
export class SqsDeadLetters implements DeadLetters {
  private readonly client: SQSClient;
  private readonly queueUrl: string;

  constructor({ client, queueUrl }: { client: SQSClient; queueUrl: string }) {
    this.client = client;
    this.queueUrl = queueUrl;
  }

  async keep(payload: unknown, reason: string): Promise<void> {
    await awsCall('sqs:SendMessage', () =>
      this.client.send(
        new SendMessageCommand({
          QueueUrl: this.queueUrl,
          // Whatever the payload (deep, huge, odd characters), the message is one SQS takes: nothing is lost to it.
          MessageBody: keepableJson(reason, payload),
          MessageAttributes: {
            reason: {
              DataType: 'String',
              StringValue:
                printable(reason)
                  .replace(/[\uFFFE\uFFFF]/g, '?')
                  .slice(0, 1000) || '(no reason)',
            },
          },
        }),
      ),
    );
  }
}

/** The dead-letter queue through a client of its own (loaded when first needed). */
export function sqsDeadLettersWith(config: SQSClientConfig, queueUrl: string): SqsDeadLetters {
  return new SqsDeadLetters({ client: new SQSClient(config), queueUrl });
}
