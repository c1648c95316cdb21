import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
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
          MessageBody: JSON.stringify({ reason, payload }),
          MessageAttributes: { reason: { DataType: 'String', StringValue: reason.slice(0, 1000) } },
        }),
      ),
    );
  }
}
