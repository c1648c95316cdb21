/**
 * EventBridge's delivery to the stack's targets: moto matches each event against the rules (their tap queues
 * receive what matched); for a rule whose pattern moto cannot match as EventBridge does, Rekey's matcher decides
 * on the events seen on the rule's bus (a catch-all tap per bus). Each matched target is invoked asynchronously,
 * as EventBridge invokes Lambda, only when a Lambda permission lets this rule invoke it. Queues with a Lambda
 * event source (the restore queue) are polled and handed to their function, deleted only once it succeeds.
 */
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { matchesEventPattern } from '../src/eventbus/pattern.js';
import type { LambdaHost } from './lambda-host.js';
import type { MotoConfig, TwinStack } from './provision.js';
import { TAP_INPUT } from './rules.js';

/** A delivery the twin refused because no Lambda permission allows it. */
export interface RefusedDelivery {
  rule: string;
  target: string;
}

/** Moves events from moto's buses and queues to the functions. */
export class EventDelivery {
  readonly refused: RefusedDelivery[] = [];
  readonly delivered: Array<{ rule: string; eventId: string; matchedBy: 'moto' | 'rekey' }> = [];
  private readonly sqs: SQSClient;
  private readonly busTaps = new Map<string, string>();

  constructor(
    private readonly options: {
      stack: TwinStack;
      lambdas: LambdaHost;
      config: MotoConfig;
      account: string;
      /** The SDK settings of a function's own role (an event source mapping polls with the function's role). */
      asFunction: (functionArn: string) => MotoConfig;
    },
  ) {
    this.sqs = new SQSClient(options.config);
  }

  /**
   * Enables the event source mappings as Lambda does (reading each queue's attributes with the function's role),
   * and adds the catch-all tap of every bus holding a rule moto cannot match.
   */
  async start(): Promise<void> {
    for (const [queueArn, source] of this.options.stack.queueSources)
      await new SQSClient(this.options.asFunction(source.functionArn)).send(
        new GetQueueAttributesCommand({
          QueueUrl: this.options.stack.queueUrls.get(queueArn),
          AttributeNames: ['All'],
        }),
      );
    const events = new EventBridgeClient(this.options.config);
    for (const bus of new Set(this.options.stack.rules.filter((r) => r.motoCannotMatch).map((r) => r.bus))) {
      const name = `twin-bus-${bus}`.slice(0, 64);
      const url = String((await this.sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl);
      await events.send(
        new PutRuleCommand({
          Name: name,
          EventBusName: bus,
          EventPattern: JSON.stringify({ source: [{ prefix: '' }] }),
        }),
      );
      await events.send(
        new PutTargetsCommand({
          Rule: name,
          EventBusName: bus,
          Targets: [
            {
              Id: 'tap',
              Arn: `arn:aws:sqs:${this.options.config.region}:${this.options.account}:${name}`,
              InputTransformer: TAP_INPUT,
            },
          ],
        }),
      );
      this.busTaps.set(bus, url);
    }
  }

  private async receive(url: string, sqs = this.sqs): Promise<Array<{ body: string; handle: string }>> {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    return (out.Messages ?? []).map((m) => ({ body: String(m.Body), handle: String(m.ReceiptHandle) }));
  }

  private dispatch(rule: TwinStack['rules'][number], event: string, matchedBy: 'moto' | 'rekey'): void {
    const id = (JSON.parse(event) as { id: string }).id;
    for (const target of rule.targets) {
      const allowed = this.options.stack.invokePermissions
        .get(target.arn)
        ?.some((p) => p.principal === 'events.amazonaws.com' && (!p.sourceArn || p.sourceArn === rule.arn));
      if (!allowed) {
        this.refused.push({ rule: rule.name, target: target.arn });
        continue;
      }
      this.delivered.push({ rule: rule.name, eventId: id, matchedBy });
      this.options.lambdas.invokeAsync(target.arn, JSON.parse(event));
    }
  }

  /** One round: every tap and event-source queue read once; true when anything moved. */
  async pump(): Promise<boolean> {
    let moved = false;
    const { stack, lambdas } = this.options;
    for (const rule of stack.rules) {
      for (const message of await this.receive(rule.tapQueueUrl)) {
        moved = true;
        await this.sqs.send(
          new DeleteMessageCommand({ QueueUrl: rule.tapQueueUrl, ReceiptHandle: message.handle }),
        );
        if (!rule.motoCannotMatch) this.dispatch(rule, message.body, 'moto');
      }
    }
    for (const [bus, url] of this.busTaps) {
      for (const message of await this.receive(url)) {
        moved = true;
        await this.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.handle }));
        for (const rule of stack.rules.filter((r) => r.bus === bus && r.motoCannotMatch))
          if (matchesEventPattern(rule.pattern, message.body)) this.dispatch(rule, message.body, 'rekey');
      }
    }
    for (const [queueArn, source] of stack.queueSources) {
      const url = String(stack.queueUrls.get(queueArn));
      const sqs = new SQSClient(this.options.asFunction(source.functionArn));
      for (const message of await this.receive(url, sqs)) {
        moved = true;
        const record = {
          messageId: message.handle.slice(0, 36),
          receiptHandle: message.handle,
          body: message.body,
          eventSource: 'aws:sqs',
          eventSourceARN: queueArn,
          awsRegion: this.options.config.region,
          attributes: {},
          messageAttributes: {},
        };
        try {
          await lambdas.invoke(source.functionArn, { Records: [record] });
          await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.handle }));
        } catch {
          // Left on the queue: visible again after its visibility timeout, then the dead-letter queue.
        }
      }
    }
    return moved;
  }
}
