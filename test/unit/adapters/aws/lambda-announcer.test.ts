import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { LambdaAnnouncer } from '../../../../src/adapters/aws/lambda-announcer.js';
import { aliceIncident } from '../../../support/incident.js';

describe('the Lambda announcer', () => {
  it('queues the incident-opened notice with an asynchronous invoke of the notify function', async () => {
    const lambda = mockClient(LambdaClient);
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const incident = aliceIncident();
    await new LambdaAnnouncer({ client: new LambdaClient({}), functionName: 'rekey-dev-notify' }).announce(
      incident,
    );
    const [call] = lambda.commandCalls(InvokeCommand);
    expect(call?.args[0].input).toMatchObject({ FunctionName: 'rekey-dev-notify', InvocationType: 'Event' });
    expect(JSON.parse(Buffer.from(call?.args[0].input.Payload as Uint8Array).toString())).toEqual({
      incident,
      kind: 'incident-opened',
    });
  });
});
