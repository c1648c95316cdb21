import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { Incident } from '../../domain/incident.js';
import type { Announcer } from '../../ports/announcer.js';
import { awsCall } from './errors.js';

/**
 * Announces an incident through the notify function with an asynchronous invoke: Lambda queues it and answers at
 * once, so the notice never sits between the event and its containment.
 */
export class LambdaAnnouncer implements Announcer {
  constructor(private readonly options: { client: LambdaClient; functionName: string }) {}

  async announce(incident: Incident): Promise<void> {
    await awsCall('lambda:InvokeFunction', () =>
      this.options.client.send(
        new InvokeCommand({
          FunctionName: this.options.functionName,
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify({ incident, kind: 'incident-opened' })),
        }),
      ),
    );
  }
}
