/**
 * The template's EventBridge rules in moto: each created with its own pattern on its own bus, its targets
 * replaced by one tap queue moto delivers matched events to (moto cannot invoke a bundle), from which the twin
 * invokes the targets the template names. moto matches a subset of the pattern language: a rule using more is
 * matched by Rekey's matcher instead, and the twin says so.
 */
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { MotoConfig } from './provision.js';
import type { Physical } from './template.js';

/**
 * The tap target's input: the event as EventBridge delivers it. moto's default delivery drops `account`, so the
 * tap names every field through moto's own input transformer (time stays moto's epoch, which it formats).
 */
export const TAP_INPUT = {
  InputPathsMap: Object.fromEntries(
    ['id', 'time', 'detail-type', 'source', 'account', 'region', 'resources', 'detail'].map((f) => [
      f,
      `$.${f}`,
    ]),
  ),
  InputTemplate:
    '{"version": "0", "id": "<id>", "detail-type": "<detail-type>", "source": "<source>", "account": "<account>", "time": <time>, "region": "<region>", "resources": <resources>, "detail": <detail>}',
};

/** A rule of the stack as the twin delivers it. */
export interface TwinRule {
  logicalId: string;
  name: string;
  arn: string;
  bus: string;
  pattern: string;
  targets: Array<{ arn: string; deadLetterArn?: string; roleArn?: string }>;
  tapQueueUrl: string;
  /** Why moto cannot match this pattern as EventBridge does; absent when it can. */
  motoCannotMatch?: string;
  /** Whether the rule receives read-only CloudTrail management events (ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS). */
  readOnlyManagementEvents: boolean;
  /** A scheduled rule's expression (it has no pattern): the twin fires it when a scenario says the time has come. */
  schedule?: string;
}

interface RuleContext {
  config: MotoConfig;
  account: string;
  region: string;
  stack: { rules: TwinRule[] };
}

/**
 * Why moto 5's matcher would answer this pattern wrongly, if it would: it knows literal strings, and `prefix`,
 * `numeric` and `exists` alone in a list (it ANDs the filters of a list and treats other operators as matching).
 */
export function motoLimitation(pattern: unknown, path = ''): string | undefined {
  if (Array.isArray(pattern)) {
    const filters = pattern.filter((v) => v && typeof v === 'object') as Array<Record<string, unknown>>;
    const literals = pattern.filter((v) => typeof v === 'string');
    if (pattern.some((v) => typeof v === 'number' || typeof v === 'boolean' || v === null))
      return `${path}: non-string literals`;
    for (const filter of filters) {
      const [operator] = Object.keys(filter);
      if (!['prefix', 'numeric', 'exists'].includes(String(operator)) || typeof filter.prefix === 'object')
        return `${path}: ${operator}`;
    }
    if (filters.length > 1 || (filters.length === 1 && literals.length > 0))
      return `${path}: a list mixing ${filters.length + literals.length} alternatives with an operator`;
    return undefined;
  }
  if (pattern && typeof pattern === 'object') {
    for (const [key, value] of Object.entries(pattern)) {
      if (key === '$or') return `${path}: $or`;
      const why = motoLimitation(value, path ? `${path}.${key}` : key);
      if (why) return why;
    }
  }
  return undefined;
}

/** Creates a template rule in moto with a tap queue as its only target. */
export async function createRule(
  id: string,
  p: Record<string, unknown>,
  ctx: RuleContext,
): Promise<Physical> {
  const name = String(p.Name ?? `rekey-dev-${id}`.toLowerCase());
  const bus = String(p.EventBusName ?? 'default');
  const events = new EventBridgeClient(ctx.config);
  const sqs = new SQSClient(ctx.config);
  const tap = `twin-tap-${name}`.slice(0, 80);
  const queueUrl = String((await sqs.send(new CreateQueueCommand({ QueueName: tap }))).QueueUrl);
  const schedule = typeof p.ScheduleExpression === 'string' ? p.ScheduleExpression : undefined;
  // A scheduled rule matches no event: it has only its tap, which nothing fills (the twin fires it itself).
  const pattern = schedule
    ? '{"source":["twin.never"]}'
    : typeof p.EventPattern === 'string'
      ? p.EventPattern
      : JSON.stringify(p.EventPattern);
  const why = motoLimitation(JSON.parse(pattern));
  // A pattern moto cannot read is not given to it (moto fails PutEvents on some): Rekey's matcher decides it.
  // CloudFormation's ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS is not in moto's vocabulary; it matches alike.
  const state = p.State === 'DISABLED' || why ? 'DISABLED' : 'ENABLED';
  await events.send(
    new PutRuleCommand({
      Name: name,
      EventBusName: bus,
      EventPattern: why ? '{"source":["twin.never"]}' : pattern,
      State: state,
    }),
  );
  await events.send(
    new PutTargetsCommand({
      Rule: name,
      EventBusName: bus,
      Targets: [
        {
          Id: 'twin-tap',
          Arn: `arn:aws:sqs:${ctx.region}:${ctx.account}:${tap}`,
          InputTransformer: TAP_INPUT,
        },
      ],
    }),
  );
  const arn =
    bus === 'default'
      ? `arn:aws:events:${ctx.region}:${ctx.account}:rule/${name}`
      : `arn:aws:events:${ctx.region}:${ctx.account}:rule/${bus}/${name}`;
  const targets = (
    p.Targets as Array<{ Arn: string; RoleArn?: string; DeadLetterConfig?: { Arn?: string } }>
  ).map((t) => ({
    arn: t.Arn,
    ...(t.DeadLetterConfig?.Arn ? { deadLetterArn: t.DeadLetterConfig.Arn } : {}),
    ...(t.RoleArn ? { roleArn: t.RoleArn } : {}),
  }));
  ctx.stack.rules.push({
    logicalId: id,
    name,
    arn,
    bus,
    pattern,
    targets,
    tapQueueUrl: queueUrl,
    readOnlyManagementEvents: p.State === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
    ...(why ? { motoCannotMatch: why } : {}),
    ...(schedule ? { schedule } : {}),
  });
  return { ref: name, attributes: { Arn: arn } };
}
