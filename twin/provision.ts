/**
 * Creates the packaged template's resources in the moto server, in CloudFormation's dependency order, and keeps
 * what the twin needs to run the stack: each function (bundle, handler, environment, role), each state machine's
 * substituted definition, each rule's pattern and targets, the HTTP API's routes and the queues' event sources.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateEventBusCommand, EventBridgeClient, PutPermissionCommand } from '@aws-sdk/client-eventbridge';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { CreateQueueCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { coarsePolicy, unconditionalStatements } from './coarse-policy.js';
import { createRule, type TwinRule } from './rules.js';
import type { Physical, StackResolver } from './template.js';

/** A Lambda function of the stack, as the twin runs it. */
export interface TwinFunction {
  logicalId: string;
  name: string;
  arn: string;
  handler: string;
  roleArn: string;
  timeoutSeconds: number;
  environment: Record<string, string>;
  /** Where Lambda sends an asynchronous event that failed every attempt (`DeadLetterConfig`), if anywhere. */
  deadLetterArn?: string;
}

/** A role of the stack: its exact policies (the template's) beside the action-level copy moto enforces. */
export interface TwinRole {
  logicalId: string;
  name: string;
  arn: string;
  policies: Array<{ name: string; document: { Statement: Array<Record<string, unknown>> } }>;
  /** Its trust policy, as the template writes it. */
  trust: { Statement: Array<Record<string, unknown>> };
}

/** Everything the twin keeps about the created stack. */
export interface TwinStack {
  functions: Map<string, TwinFunction>;
  roles: Map<string, TwinRole>;
  stateMachines: Map<string, { name: string; definition: string; roleArn: string }>;
  rules: TwinRule[];
  /** `POST /path` -> function ARN, from the HTTP API's routes and integrations. */
  routes: Map<string, string>;
  /** Queue ARN -> queue URL. */
  queueUrls: Map<string, string>;
  /** Queue ARN -> function ARN (Lambda event source mappings). */
  queueSources: Map<string, { functionArn: string; batchSize: number }>;
  /** Function ARN -> the principals and source ARNs allowed to invoke it (Lambda permissions). */
  invokePermissions: Map<string, Array<{ principal: string; sourceArn?: string }>>;
  /** Each bus's policy statements (moto stores them but checks none). */
  busPolicies: Map<string, Props[]>;
  /** Resource-policy statements moto cannot evaluate (conditional), left out of moto's copy. */
  conditionalStatements: Array<{ resource: string; statement: Props }>;
  /** Resource types the twin records but does not create in moto, by logical id. */
  notCreated: Map<string, string>;
}

/** The SDK settings of a client talking to moto. */
export interface MotoConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  maxAttempts: number;
}

type Props = Record<string, unknown>;
type Creator = (id: string, p: Props, ctx: Context) => Promise<Physical>;

interface Context {
  config: MotoConfig;
  account: string;
  region: string;
  stack: TwinStack;
  resolver: StackResolver;
  generatedName: (id: string) => string;
}

/** moto 5 answers Step Functions' timestamps as text where AWS sends epoch seconds: the call itself succeeded. */
function momentAsText(error: { $metadata?: { httpStatusCode?: number } }): void {
  if (error.$metadata?.httpStatusCode !== 200) throw error;
}

const json = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

const role: Creator = async (id, p, { config, account, stack, generatedName }) => {
  const name = String(p.RoleName ?? generatedName(id));
  const path = String(p.Path ?? '/');
  const iam = new IAMClient(config);
  await iam.send(
    new CreateRoleCommand({
      RoleName: name,
      Path: path,
      AssumeRolePolicyDocument: json(p.AssumeRolePolicyDocument),
      MaxSessionDuration: p.MaxSessionDuration as number | undefined,
    }),
  );
  const policies = (
    (p.Policies ?? []) as Array<{ PolicyName: string; PolicyDocument: TwinRole['policies'][0]['document'] }>
  ).map((policy) => ({ name: policy.PolicyName, document: policy.PolicyDocument }));
  for (const policy of policies)
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: name,
        PolicyName: policy.name,
        PolicyDocument: JSON.stringify(coarsePolicy(policy.document)),
      }),
    );
  const arn = `arn:aws:iam::${account}:role${path}${name}`;
  const trust = p.AssumeRolePolicyDocument as TwinRole['trust'];
  stack.roles.set(id, { logicalId: id, name, arn, policies, trust });
  return { ref: name, attributes: { Arn: arn, RoleId: name } };
};

const table: Creator = async (id, p, { config, account, region, generatedName }) => {
  const name = String(p.TableName ?? generatedName(id));
  const dynamodb = new DynamoDBClient(config);
  await dynamodb.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: p.AttributeDefinitions as never,
      KeySchema: p.KeySchema as never,
      BillingMode: (p.BillingMode as never) ?? 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: p.GlobalSecondaryIndexes as never,
      StreamSpecification: p.StreamSpecification as never,
    }),
  );
  const ttl = p.TimeToLiveSpecification as { AttributeName: string; Enabled: boolean } | undefined;
  if (ttl)
    await dynamodb.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: ttl }));
  const arn = `arn:aws:dynamodb:${region}:${account}:table/${name}`;
  return { ref: name, attributes: { Arn: arn, StreamArn: `${arn}/stream/twin` } };
};

const bucket: Creator = async (id, p, { config, generatedName }) => {
  const name = String(p.BucketName ?? generatedName(id));
  const s3 = new S3Client(config);
  await s3.send(
    new CreateBucketCommand({ Bucket: name, ObjectLockEnabledForBucket: p.ObjectLockEnabled === true }),
  );
  const versioning = p.VersioningConfiguration as { Status: 'Enabled' | 'Suspended' } | undefined;
  if (versioning)
    await s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: versioning }));
  const lock = p.ObjectLockConfiguration as never;
  if (lock)
    await s3.send(new PutObjectLockConfigurationCommand({ Bucket: name, ObjectLockConfiguration: lock }));
  return { ref: name, attributes: { Arn: `arn:aws:s3:::${name}`, DomainName: `${name}.s3.amazonaws.com` } };
};

const bucketPolicy: Creator = async (id, p, { config, stack }) => {
  const { kept, left } = unconditionalStatements(p.PolicyDocument as { Statement: Props[] });
  for (const statement of left) stack.conditionalStatements.push({ resource: id, statement });
  if (kept.Statement.length > 0)
    await new S3Client(config).send(
      new PutBucketPolicyCommand({ Bucket: String(p.Bucket), Policy: JSON.stringify(kept) }),
    );
  return { ref: id, attributes: {} };
};

const queue: Creator = async (id, p, { config, account, region, stack, generatedName }) => {
  const name = String(p.QueueName ?? generatedName(id));
  const attributes = Object.fromEntries(
    Object.entries(p)
      .filter(([k]) => k !== 'QueueName' && k !== 'Tags')
      .map(([k, v]) => [k, json(v)]),
  );
  const created = await new SQSClient(config).send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  const url = String(created.QueueUrl);
  const arn = `arn:aws:sqs:${region}:${account}:${name}`;
  stack.queueUrls.set(arn, url);
  return { ref: url, attributes: { Arn: arn, QueueName: name, QueueUrl: url } };
};

const queuePolicy: Creator = async (id, p, { config }) => {
  const sqs = new SQSClient(config);
  for (const url of p.Queues as string[])
    await sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: json(p.PolicyDocument) } }),
    );
  return { ref: id, attributes: {} };
};

const key: Creator = async (_id, p, { config }) => {
  const created = await new KMSClient(config).send(
    new CreateKeyCommand({
      Description: p.Description as string | undefined,
      KeySpec: p.KeySpec as never,
      KeyUsage: p.KeyUsage as never,
      Policy: p.KeyPolicy ? json(p.KeyPolicy) : undefined,
    }),
  );
  const keyId = String(created.KeyMetadata?.KeyId);
  return { ref: keyId, attributes: { Arn: String(created.KeyMetadata?.Arn), KeyId: keyId } };
};

const alias: Creator = async (_id, p, { config }) => {
  await new KMSClient(config).send(
    new CreateAliasCommand({ AliasName: String(p.AliasName), TargetKeyId: String(p.TargetKeyId) }),
  );
  return { ref: String(p.AliasName), attributes: {} };
};

const eventBus: Creator = async (_id, p, { config, account, region }) => {
  const name = String(p.Name);
  await new EventBridgeClient(config).send(new CreateEventBusCommand({ Name: name }));
  return {
    ref: name,
    attributes: { Name: name, Arn: `arn:aws:events:${region}:${account}:event-bus/${name}` },
  };
};

const eventBusPolicy: Creator = async (id, p, { config, stack }) => {
  const statement = { Sid: p.StatementId, ...(p.Statement as Props) };
  const bus = String(p.EventBusName ?? 'default');
  stack.busPolicies.set(bus, [...(stack.busPolicies.get(bus) ?? []), statement]);
  await new EventBridgeClient(config).send(
    new PutPermissionCommand({
      EventBusName: String(p.EventBusName ?? 'default'),
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
    }),
  );
  return { ref: id, attributes: {} };
};

const logGroup: Creator = async (id, p, { config, account, region, generatedName }) => {
  const name = String(p.LogGroupName ?? generatedName(id));
  await new CloudWatchLogsClient(config).send(new CreateLogGroupCommand({ logGroupName: name }));
  return { ref: name, attributes: { Arn: `arn:aws:logs:${region}:${account}:log-group:${name}:*` } };
};

const lambdaFunction: Creator = async (id, p, { account, region, stack }) => {
  const name = String(p.FunctionName);
  const arn = `arn:aws:lambda:${region}:${account}:function:${name}`;
  const variables = ((p.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ??
    {}) as Record<string, unknown>;
  const dlq = p.DeadLetterConfig as { TargetArn?: unknown } | undefined;
  stack.functions.set(arn, {
    logicalId: id,
    name,
    arn,
    handler: String(p.Handler),
    roleArn: String(p.Role),
    timeoutSeconds: Number(p.Timeout ?? 3),
    environment: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)])),
    ...(dlq?.TargetArn ? { deadLetterArn: String(dlq.TargetArn) } : {}),
  });
  return { ref: name, attributes: { Arn: arn } };
};

const stateMachine: Creator = async (_id, p, { config, account, region, stack }) => {
  const name = String(p.StateMachineName);
  const definition = String(p.DefinitionString);
  const arn = `arn:aws:states:${region}:${account}:stateMachine:${name}`;
  await new SFNClient(config)
    .send(new CreateStateMachineCommand({ name, definition, roleArn: String(p.RoleArn), type: 'STANDARD' }))
    .catch(momentAsText);
  stack.stateMachines.set(arn, { name, definition, roleArn: String(p.RoleArn) });
  return { ref: arn, attributes: { Arn: arn, Name: name } };
};

const permission: Creator = async (id, p, { stack }) => {
  const target = String(p.FunctionName);
  const list = stack.invokePermissions.get(target) ?? [];
  list.push({ principal: String(p.Principal), sourceArn: p.SourceArn as string | undefined });
  stack.invokePermissions.set(target, list);
  return { ref: id, attributes: {} };
};

const eventSourceMapping: Creator = async (id, p, { stack }) => {
  stack.queueSources.set(String(p.EventSourceArn), {
    functionArn: String(p.FunctionName),
    batchSize: Number(p.BatchSize ?? 10),
  });
  return { ref: id, attributes: {} };
};

const api: Creator = async (id, _p, { region }) => {
  const apiId = `twin${id.toLowerCase()}`.slice(0, 10);
  return { ref: apiId, attributes: { ApiEndpoint: `https://${apiId}.execute-api.${region}.amazonaws.com` } };
};

const integration: Creator = async (id, p) => ({ ref: `${id}:${String(p.IntegrationUri)}`, attributes: {} });

const route: Creator = async (id, p, { stack }) => {
  const target = String(p.Target);
  stack.routes.set(String(p.RouteKey), target.slice(target.indexOf(':') + 1));
  return { ref: id, attributes: {} };
};

const recordedOnly =
  (why: string): Creator =>
  async (id, _p, { stack }) => {
    stack.notCreated.set(id, why);
    return { ref: id, attributes: { Arn: `arn:aws:twin:::${id}` } };
  };

const CREATORS: Record<string, Creator> = {
  'AWS::IAM::Role': role,
  'AWS::DynamoDB::Table': table,
  'AWS::S3::Bucket': bucket,
  'AWS::S3::BucketPolicy': bucketPolicy,
  'AWS::SQS::Queue': queue,
  'AWS::SQS::QueuePolicy': queuePolicy,
  'AWS::KMS::Key': key,
  'AWS::KMS::Alias': alias,
  'AWS::Events::EventBus': eventBus,
  'AWS::Events::EventBusPolicy': eventBusPolicy,
  'AWS::Events::Rule': (id, p, ctx) => createRule(id, p, ctx),
  'AWS::Logs::LogGroup': logGroup,
  'AWS::Lambda::Function': lambdaFunction,
  'AWS::Lambda::Permission': permission,
  'AWS::Lambda::EventSourceMapping': eventSourceMapping,
  'AWS::StepFunctions::StateMachine': stateMachine,
  'AWS::ApiGatewayV2::Api': api,
  'AWS::ApiGatewayV2::Integration': integration,
  'AWS::ApiGatewayV2::Route': route,
  'AWS::ApiGatewayV2::Stage': recordedOnly('the HTTP API stage: the twin serves the routes itself'),
  'AWS::Lambda::Version': recordedOnly('function versions: the twin runs $LATEST'),
  'AWS::CloudWatch::Alarm': recordedOnly('alarms: no metrics are emitted in the twin'),
};

/** Creates every resource of the stack in moto and returns what the twin runs. */
export async function provision(
  resolver: StackResolver,
  config: MotoConfig,
  account: string,
): Promise<TwinStack> {
  const stack: TwinStack = {
    functions: new Map(),
    roles: new Map(),
    stateMachines: new Map(),
    rules: [],
    routes: new Map(),
    queueUrls: new Map(),
    queueSources: new Map(),
    invokePermissions: new Map(),
    conditionalStatements: [],
    busPolicies: new Map(),
    notCreated: new Map(),
  };
  const context: Context = {
    config,
    account,
    region: config.region,
    stack,
    resolver,
    generatedName: (id) => `rekey-dev-${id}-twin`.toLowerCase().slice(0, 63),
  };
  for (const id of resolver.order()) {
    const resource = resolver.template.Resources[id];
    if (!resource) continue;
    const create = CREATORS[resource.Type];
    if (!create) throw new Error(`the twin cannot create ${id} (${resource.Type})`);
    const properties = resolver.resolve(resource.Properties ?? {}) as Props;
    try {
      resolver.physical.set(id, await create(id, properties, context));
    } catch (error) {
      throw new Error(`creating ${id} (${resource.Type}) in moto failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  return stack;
}
