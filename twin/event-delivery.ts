/**
 * EventBridge's delivery to the stacks' targets: moto matches each event against the rules (their tap queues
 * receive what matched); for a rule whose pattern moto cannot match as EventBridge does, Rekey's matcher decides
 * on the events seen on the rule's bus (a catch-all tap per bus). A Lambda target is invoked asynchronously, as
 * EventBridge invokes Lambda, only when a Lambda permission lets the rule invoke it. A target that is another
 * account's bus (the member accounts' forwarding rules) gets the event unchanged, its `account` the member's, and
 * that bus's rules are matched by Rekey's matcher: moto delivers nothing across accounts. Queues with a Lambda event
 * source (the restore queue) are polled with the function's role and handed to it, deleted once it succeeds.
 */
import { randomUUID } from 'node:crypto';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { evaluatePolicies, type NamedPolicy } from '../src/domain/policy-evaluator.js';
import { matchesEventPattern } from '../src/eventbus/pattern.js';
import type { AwsCall } from './gateway.js';
import type { LambdaHost } from './lambda-host.js';
import type { MotoConfig, TwinRole, TwinStack } from './provision.js';
import { TAP_INPUT, type TwinRule } from './rules.js';

/** A delivery the twin refused because no Lambda permission allows it. */
export interface RefusedDelivery {
  rule: string;
  target: string;
}

/** An account's stacks as EventDelivery reads them: its rules, with SDK settings of its administrator. */
export interface DeliveryAccount {
  account: string;
  stacks: TwinStack[];
  config: MotoConfig;
}

interface Tap {
  url: string;
  sqs: SQSClient;
}

/** Moves events from moto's buses and queues to the functions. */
export class EventDelivery {
  readonly refused: RefusedDelivery[] = [];
  readonly delivered: Array<{ rule: string; eventId: string; matchedBy: 'moto' | 'rekey' }> = [];
  private readonly busTaps = new Map<string, Tap & { account: string; bus: string }>();

  constructor(
    private readonly options: {
      accounts: DeliveryAccount[];
      lambdas: LambdaHost;
      /** The SDK settings of a function's own role (an event source mapping polls with the function's role). */
      asFunction: (functionArn: string) => MotoConfig;
      /** Every role of every stack, by ARN (a cross-account target's role). */
      roles: Map<string, TwinRole>;
      organization: { id: string; accounts: Set<string> };
      /** Records a call a role makes through EventBridge (a rule's target role). */
      record: (call: AwsCall) => void;
    },
  ) {}

  private rulesOf(account: string, bus?: string): TwinRule[] {
    const found = this.options.accounts.find((a) => a.account === account);
    return (found?.stacks ?? []).flatMap((s) => s.rules).filter((r) => bus === undefined || r.bus === bus);
  }

  /**
   * Enables the event source mappings as Lambda does (reading each queue's attributes with the function's role),
   * and adds the catch-all tap of every bus holding a rule moto cannot match.
   */
  async start(): Promise<void> {
    for (const { account, stacks, config } of this.options.accounts) {
      for (const stack of stacks)
        for (const [queueArn, source] of stack.queueSources)
          await new SQSClient(this.options.asFunction(source.functionArn)).send(
            new GetQueueAttributesCommand({
              QueueUrl: stack.queueUrls.get(queueArn),
              AttributeNames: ['All'],
            }),
          );
      const sqs = new SQSClient(config);
      const events = new EventBridgeClient(config);
      const buses = new Set(
        this.rulesOf(account)
          .filter((r) => r.motoCannotMatch)
          .map((r) => r.bus),
      );
      for (const bus of buses) {
        const name = `twin-bus-${bus}`.slice(0, 64);
        const url = String((await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl);
        const pattern = JSON.stringify({ source: [{ prefix: '' }] });
        await events.send(new PutRuleCommand({ Name: name, EventBusName: bus, EventPattern: pattern }));
        await events.send(
          new PutTargetsCommand({
            Rule: name,
            EventBusName: bus,
            Targets: [
              {
                Id: 'tap',
                Arn: `arn:aws:sqs:${config.region}:${account}:${name}`,
                InputTransformer: TAP_INPUT,
              },
            ],
          }),
        );
        this.busTaps.set(`${account}/${bus}`, { url, sqs, account, bus });
      }
    }
  }

  private async drain(tap: Tap): Promise<string[]> {
    const out = await tap.sqs.send(new ReceiveMessageCommand({ QueueUrl: tap.url, MaxNumberOfMessages: 10 }));
    for (const m of out.Messages ?? [])
      await tap.sqs.send(new DeleteMessageCommand({ QueueUrl: tap.url, ReceiptHandle: m.ReceiptHandle }));
    return (out.Messages ?? []).map((m) => String(m.Body));
  }

  private dispatch(rule: TwinRule, event: string, matchedBy: 'moto' | 'rekey'): void {
    const parsed = JSON.parse(event) as {
      id: string;
      time?: string;
      source?: string;
      'detail-type'?: string;
      detail?: { readOnly?: boolean };
    };
    const id = parsed.id;
    // EventBridge delivers read-only CloudTrail management events only to rules enabled for them.
    const readOnly =
      parsed['detail-type'] === 'AWS API Call via CloudTrail' && parsed.detail?.readOnly === true;
    if (readOnly && !rule.readOnlyManagementEvents) return;
    for (const target of rule.targets) {
      const bus = /^arn:aws:events:[^:]+:(\d{12}):event-bus\/(.+)$/.exec(target.arn);
      if (bus) {
        if (!this.mayPutOn(rule, target, String(bus[1]), String(bus[2]), parsed)) {
          this.refused.push({ rule: rule.name, target: target.arn });
          continue;
        }
        this.delivered.push({ rule: rule.name, eventId: id, matchedBy });
        for (const next of this.rulesOf(String(bus[1]), String(bus[2])))
          if (matchesEventPattern(next.pattern, event)) this.dispatch(next, event, 'rekey');
        continue;
      }
      const allowed = this.options.accounts
        .flatMap((a) => a.stacks)
        .some((s) =>
          s.invokePermissions
            .get(target.arn)
            ?.some(
              (p) => p.principal === 'events.amazonaws.com' && (!p.sourceArn || p.sourceArn === rule.arn),
            ),
        );
      if (!allowed) {
        this.refused.push({ rule: rule.name, target: target.arn });
        continue;
      }
      this.delivered.push({ rule: rule.name, eventId: id, matchedBy });
      // An event a scenario puts in the twin's future (its `time`) is delivered then: its target's clock that far ahead.
      const offsetMs = Math.max(0, Date.parse(String(parsed.time)) - Date.now() || 0);
      this.options.lambdas.invokeAsync(target.arn, JSON.parse(event), offsetMs);
    }
  }

  /**
   * Whether a rule may put the event on another account's bus, as EventBridge decides it: the target's role
   * allows events:PutEvents on the bus, and the bus's policy admits the role (its organisation, the source).
   * Recorded as the role's call, so the permission-removal test can take the permission away.
   */
  private mayPutOn(
    rule: TwinRule,
    target: { arn: string; roleArn?: string },
    account: string,
    bus: string,
    event: { source?: string },
  ): boolean {
    const { roles, organization, record } = this.options;
    const role = target.roleArn ? roles.get(target.roleArn) : undefined;
    const roleAccount = target.roleArn?.split(':')[4] ?? '';
    const request = { action: 'events:PutEvents', resource: target.arn };
    const identity = () =>
      role !== undefined &&
      evaluatePolicies(role.policies as unknown as NamedPolicy[], { ...request, context: {} }).effect ===
        'allow';
    const statements = this.options.accounts
      .filter((a) => a.account === account)
      .flatMap((a) => a.stacks.flatMap((s) => s.busPolicies.get(bus) ?? []));
    const context: Record<string, string> = { 'events:source': String(event.source) };
    if (organization.accounts.has(roleAccount)) context['aws:PrincipalOrgID'] = organization.id;
    const admitted =
      roleAccount === account ||
      evaluatePolicies(
        [
          {
            name: 'bus',
            document: { Version: '2012-10-17', Statement: statements },
          } as unknown as NamedPolicy,
        ],
        {
          ...request,
          context,
          principal: { arn: String(target.roleArn), accountId: roleAccount },
        },
      ).effect === 'allow';
    const refusedBody = `AccessDeniedException: ${target.roleArn} is not authorized to perform: events:PutEvents on resource: ${target.arn}`;
    record({
      caller: String(target.roleArn ?? `rule ${rule.arn}`),
      service: 'events',
      region: '',
      action: 'PutEvents',
      status: identity() && admitted ? 200 : 403,
      needs: [request],
      replay: async () => (identity() ? { status: 200, body: '' } : { status: 403, body: refusedBody }),
    });
    return identity() && admitted;
  }

  /**
   * The time of every scheduled rule of an account has come: EventBridge's Scheduled Event to each of its targets
   * (only where a Lambda permission lets the rule invoke it).
   */
  fireSchedules(account: string, region: string): void {
    for (const rule of this.rulesOf(account).filter((r) => r.schedule)) {
      const event = {
        version: '0',
        id: randomUUID(),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account,
        time: new Date().toISOString(),
        region,
        resources: [rule.arn],
        detail: {},
      };
      this.dispatch(rule, JSON.stringify(event), 'rekey');
    }
  }

  /** One round: every tap and event-source queue read once; true when anything moved. */
  async pump(): Promise<boolean> {
    let moved = false;
    for (const { account, config } of this.options.accounts) {
      const sqs = new SQSClient(config);
      for (const rule of this.rulesOf(account)) {
        for (const event of await this.drain({ url: rule.tapQueueUrl, sqs })) {
          moved = true;
          if (!rule.motoCannotMatch) this.dispatch(rule, event, 'moto');
        }
      }
    }
    for (const tap of this.busTaps.values()) {
      for (const event of await this.drain(tap)) {
        moved = true;
        for (const rule of this.rulesOf(tap.account, tap.bus).filter((r) => r.motoCannotMatch))
          if (matchesEventPattern(rule.pattern, event)) this.dispatch(rule, event, 'rekey');
      }
    }
    for (const stack of this.options.accounts.flatMap((a) => a.stacks)) {
      for (const [queueArn, source] of stack.queueSources)
        moved = (await this.feed(stack, queueArn, source)) || moved;
    }
    return moved;
  }

  private async feed(stack: TwinStack, queueArn: string, source: { functionArn: string }): Promise<boolean> {
    const url = String(stack.queueUrls.get(queueArn));
    const sqs = new SQSClient(this.options.asFunction(source.functionArn));
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    for (const m of out.Messages ?? []) {
      const record = {
        messageId: String(m.MessageId),
        receiptHandle: String(m.ReceiptHandle),
        body: String(m.Body),
        eventSource: 'aws:sqs',
        eventSourceARN: queueArn,
        awsRegion: this.options.accounts[0]?.config.region ?? '',
        attributes: {},
        messageAttributes: {},
      };
      try {
        await this.options.lambdas.invoke(source.functionArn, { Records: [record] });
        await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
      } catch {
        // Left on the queue: visible again after its visibility timeout, then the dead-letter queue.
      }
    }
    return (out.Messages?.length ?? 0) > 0;
  }
}
