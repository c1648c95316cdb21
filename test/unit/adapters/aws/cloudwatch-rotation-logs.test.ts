import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { CloudWatchRotationLogs } from '../../../../src/adapters/aws/cloudwatch-rotation-logs.js';

const secretArn = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/payments/db-AbCdEf';
const fn = 'arn:aws:lambda:us-east-1:111122223333:function:SecretsManagerpaymentsdb:$LATEST';
const logs = () => new CloudWatchRotationLogs({ client: new CloudWatchLogsClient({ region: 'us-east-1' }) });

describe('CloudWatch Logs requests for a rotation left stuck', () => {
  it("filters the function's log group, since the version was created, for lines naming the secret", async () => {
    const cw = mockClient(CloudWatchLogsClient);
    cw.on(FilterLogEventsCommand)
      .resolvesOnce({
        events: [
          {
            timestamp: 1,
            message: `[INFO]\t2026-11-27T00:00:01Z\tr-1\tcreateSecret: Successfully put secret for ARN ${secretArn} and version v2.\n`,
          },
        ],
        nextToken: 'page-2',
      })
      .resolvesOnce({
        events: [
          {
            timestamp: 2,
            message: `[INFO]\t2026-11-27T00:00:02Z\tr-2\tsetSecret: Successfully set password for user app in PostgreSQL DB for secret arn ${secretArn}.\n`,
          },
        ],
      });
    const messages = await logs().messagesAbout(fn, secretArn, new Date('2026-11-27T00:00:00Z'));
    expect(messages).toHaveLength(2);
    expect(cw.commandCalls(FilterLogEventsCommand)[0]?.args[0].input).toMatchObject({
      logGroupName: '/aws/lambda/SecretsManagerpaymentsdb',
      startTime: Date.parse('2026-11-27T00:00:00Z'),
      filterPattern: `"${secretArn}"`,
    });
    expect(cw.commandCalls(FilterLogEventsCommand)[1]?.args[0].input).toMatchObject({ nextToken: 'page-2' });
  });

  it('answers undefined when the function has no log group, so the caller knows it knows nothing', async () => {
    const cw = mockClient(CloudWatchLogsClient);
    cw.on(FilterLogEventsCommand).rejects(
      new ResourceNotFoundException({ message: 'The specified log group does not exist.', $metadata: {} }),
    );
    await expect(logs().messagesAbout(fn, secretArn, new Date(0))).resolves.toBeUndefined();
  });
});
