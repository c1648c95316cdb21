import { SendMessageCommand, SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import type { Restorer } from '../../ports/restorer.js';
import { awsCall } from './errors.js';

/**
 * Hands a restore agreed in Slack to the action function through a queue: the Slack endpoint may not invoke the
 * action function, and the message carries no authority (the action function reads the settled approval itself).
 */
export class SqsRestoreRequests implements Restorer {
  constructor(private readonly options: { client: SQSClient; queueUrl: string }) {}

  async restore(incidentId: string, step: string): Promise<void> {
    await awsCall('sqs:SendMessage', () =>
      this.options.client.send(
        new SendMessageCommand({
          QueueUrl: this.options.queueUrl,
          MessageBody: JSON.stringify({ op: 'rollback', incidentId, step }),
        }),
      ),
    );
  }
}

/** The restore queue through a client of its own (the Slack endpoint loads this module when first needed). */
export function sqsRestoreRequestsWith(config: SQSClientConfig, queueUrl: string): SqsRestoreRequests {
  return new SqsRestoreRequests({ client: new SQSClient(config), queueUrl });
}
