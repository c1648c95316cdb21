import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, inject, it } from 'vitest';
import { loadDrill } from '../../src/drills/drill-file.js';
import { ROOT } from '../support/drills.js';
import { freshMoto } from './fresh-moto.js';

describe('a live drill, published to the deployed bus (the moto server as EventBridge)', () => {
  it('sends each original event, in order, inside a rekey.drill event that the drill rule takes', async () => {
    const endpoint = inject('motoEndpoint');
    const config = await freshMoto(endpoint);
    const events = new EventBridgeClient(config);
    const sqs = new SQSClient(config);
    await events.send(new CreateEventBusCommand({ Name: 'rekey-live' }));
    const queue = await sqs.send(new CreateQueueCommand({ QueueName: 'drill-capture' }));
    const arn = (
      await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }),
      )
    ).Attributes?.QueueArn;
    // The deployment's drill rule (src/detections/drill-event.json), its target replaced by a queue to look in.
    await events.send(
      new PutRuleCommand({
        Name: 'drill',
        EventBusName: 'rekey-live',
        EventPattern: JSON.stringify({ source: ['rekey.drill'], 'detail-type': ['Rekey Drill Event'] }),
      }),
    );
    await events.send(
      new PutTargetsCommand({ Rule: 'drill', EventBusName: 'rekey-live', Targets: [{ Id: 'q', Arn: arn }] }),
    );

    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href,
        join(ROOT, 'src/cli/main.ts'),
        'drill',
        'leaked-access-key',
        '--target',
        'aws',
        '--bus',
        'rekey-live',
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          AWS_ENDPOINT_URL: endpoint,
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
        },
      },
    );
    expect(stdout).toContain('published 3 drill event(s) of leaked-access-key to the event bus rekey-live');

    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queue.QueueUrl, MaxNumberOfMessages: 10 }),
    );
    const delivered = (received.Messages ?? []).map((m) => JSON.parse(m.Body ?? '{}'));
    const drill = await loadDrill(join(ROOT, 'drills/leaked-access-key.yml'));
    expect(delivered.map((d) => d.source)).toEqual(['rekey.drill', 'rekey.drill', 'rekey.drill']);
    expect(delivered.map((d) => d.detail.drill)).toEqual([
      'leaked-access-key',
      'leaked-access-key',
      'leaked-access-key',
    ]);
    expect(delivered.map((d) => d.detail.event)).toEqual(drill.events.map((e) => e.event));
  });
});
