import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { Restorer } from '../../ports/restorer.js';
import { awsCall } from './errors.js';

/**
 * Restores through the action function, the only one allowed to change IAM: an asynchronous invoke, so the Slack
 * endpoint answers within Slack's three seconds while the rollback runs (and records itself on the timeline).
 */
export class LambdaRestorer implements Restorer {
  constructor(private readonly options: { client: LambdaClient; functionName: string }) {}

  async restore(incidentId: string, step: string, actor: string): Promise<void> {
    await awsCall('lambda:InvokeFunction', () =>
      this.options.client.send(
        new InvokeCommand({
          FunctionName: this.options.functionName,
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify({ op: 'rollback', incidentId, step, actor })),
        }),
      ),
    );
  }
}
