/**
 * The deployed twin: the stack as `osls package` builds it, created in the moto server, its functions run from
 * their bundles with their own roles' credentials, its state machines in the local runner, its HTTP API on
 * loopback and Slack a local stand-in. Everything here touches loopback only.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { FakeSlack } from '../test/support/fake-slack.js';
import { CloudTrailHistory } from './cloudtrail-history.js';
import { EventDelivery } from './event-delivery.js';
import { AwsGateway } from './gateway.js';
import { HttpApi } from './http-api.js';
import { LambdaHost, type RoleCredentials } from './lambda-host.js';
import { MEMBER_ACCOUNT, type MemberAccount, OUTSIDE_ACCOUNT, provisionMember } from './member-account.js';
import { type Moto, startMoto } from './moto.js';
import { type MotoConfig, provision, type TwinRole, type TwinStack } from './provision.js';
import { putRunStatusEvent } from './run-status-events.js';
import { StateMachineHost } from './state-machines.js';
import { StackResolver, type Template } from './template.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The twin's account (moto's default) and region. */
export const TWIN_ACCOUNT = '123456789012';
export const TWIN_REGION = 'us-east-1';
/** The Slack channel and the responders the twin's deployment is configured with (a restore needs two). */
export const TWIN_CHANNEL = 'C0TWINCHANNEL';
export const TWIN_RESPONDERS = [
  {
    slackUserId: 'U0RESPONDER',
    name: 'Rae Responder',
    email: 'rae@example.com',
    principals: [`arn:aws:iam::${TWIN_ACCOUNT}:user/rae`],
  },
  {
    slackUserId: 'U0SECOND',
    name: 'Sam Second',
    email: 'sam@example.com',
    principals: [`arn:aws:iam::${TWIN_ACCOUNT}:user/sam`],
  },
] as const;
/** The organisation's id and the member role's name the twin deploys with. */
export const TWIN_ORGANIZATION = 'o-twin0000001';
const MEMBER_ROLE = 'rekey-member';

/** The Slack app's credentials in the twin's Secrets Manager (the stand-in Slack checks the bot token). */
export const TWIN_SLACK_SECRET = {
  botToken: 'xoxb-twin-0000-bot-token',
  signingSecret: 'twin-signing-secret-0123456789ab',
};

/** Packages the stack with osls, exactly as `npm run package` does, with the twin's Slack parameters. */
export function packageStack(dir: string): Template {
  rmSync(dir, { recursive: true, force: true });
  execFileSync(
    join(ROOT, 'node_modules/.bin/osls'),
    [
      'package',
      '--stage',
      'dev',
      '--region',
      TWIN_REGION,
      '--package',
      dir,
      `--param=slackChannel=${TWIN_CHANNEL}`,
      `--param=responders=${JSON.stringify(TWIN_RESPONDERS)}`,
      // An organisation whose member accounts hold the member and reader roles (twin/member-account.ts).
      `--param=memberRoleName=${MEMBER_ROLE}`,
      `--param=organizationId=${TWIN_ORGANIZATION}`,
      // Secret reads by anyone but payments-app are signals (the SecretReadRule exists only with an allowlist).
      `--param=secretReadAllowlist=${JSON.stringify([`arn:aws:iam::${TWIN_ACCOUNT}:role/payments-app`])}`,
      // Identity Center in the twin's region, Rekey's account its management account (moto's instance is there).
      `--param=identityCenterRegion=${TWIN_REGION}`,
      // The key inventory lists the member account's keys too, through the reader role.
      `--param=inventoryAccounts=${JSON.stringify([MEMBER_ACCOUNT])}`,
    ],
    { cwd: ROOT, stdio: 'ignore' },
  );
  return JSON.parse(readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
}

/** Node 22, the runtime Lambda runs the bundles on (nodejs22.x), as scripts/on-node22.sh installs it. */
export function node22(): string {
  const out = execFileSync(
    join(ROOT, 'scripts/on-node22.sh'),
    ['node', '-e', 'process.stdout.write(process.execPath)'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return out.trim().split('\n').at(-1) ?? '';
}

/** A running twin. */
export interface Twin {
  stack: TwinStack;
  /** The organisation's member account: its administrator's SDK settings and its StackSet instances. */
  member: MemberAccount;
  moto: Moto;
  /** SDK settings with the twin operator's (administrator's) credentials, straight to moto. */
  admin: MotoConfig;
  lambdas: LambdaHost;
  stateMachines: StateMachineHost;
  gateway: AwsGateway;
  delivery: EventDelivery;
  httpApi: HttpApi;
  slack: FakeSlack;
  /** The CloudTrail event history the stack's LookupEvents calls read (a scenario adds what happened). */
  cloudTrail: CloudTrailHistory;
  workDir: string;
  /**
   * Runs the operator's `during` with moto's checks paused, alone: no call of the stack reaches moto meanwhile.
   * `during` must talk to moto directly (`moto.endpoint`), not through the gateway, which waits for it.
   */
  withoutChecks<T>(during: () => Promise<T>): Promise<T>;
  /** SDK settings with a function's own role's session, through the gateway (to try what the role may do). */
  asFunction(functionName: string): MotoConfig;
  /** StopExecution, as the operator calls it: the run ends ABORTED, and Step Functions' status event follows. */
  stopExecution(executionArn: string, error?: string, cause?: string): Promise<void>;
  /** Moves events and queue messages until `done` holds; fails naming `what` after `timeoutMs`. */
  runUntil(done: () => boolean | Promise<boolean>, what: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

async function administrator(config: MotoConfig): Promise<MotoConfig> {
  const iam = new IAMClient(config);
  await iam.send(new CreateUserCommand({ UserName: 'twin-operator' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'twin-operator',
      PolicyName: 'operator',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      }),
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'twin-operator' }))).AccessKey;
  return {
    ...config,
    credentials: { accessKeyId: String(key?.AccessKeyId), secretAccessKey: String(key?.SecretAccessKey) },
  };
}

async function roleSessions(stack: TwinStack, config: MotoConfig) {
  const sts = new STSClient(config);
  const credentials = new Map<string, RoleCredentials>();
  const sessions = new Map<string, TwinRole>();
  for (const fn of stack.functions.values()) {
    const role = [...stack.roles.values()].find((r) => r.arn === fn.roleArn);
    if (!role) throw new Error(`${fn.name}'s role ${fn.roleArn} is not in the stack`);
    const out = await sts.send(
      new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: fn.name, DurationSeconds: 43_200 }),
    );
    const c = out.Credentials;
    credentials.set(role.arn, {
      accessKeyId: String(c?.AccessKeyId),
      secretAccessKey: String(c?.SecretAccessKey),
      sessionToken: String(c?.SessionToken),
    });
    sessions.set(String(c?.AccessKeyId), role);
  }
  return { credentials, sessions };
}

/** Packages, deploys into a fresh moto and starts everything the stack needs to run. */
export async function startTwin(options: { workDir?: string; waitMs?: number } = {}): Promise<Twin> {
  const workDir = options.workDir ?? join(ROOT, '.rekey', 'twin');
  // Each run's function logs start empty (the test reads them for secrets).
  rmSync(join(workDir, 'logs'), { recursive: true, force: true });
  rmSync(join(workDir, 'functions'), { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const packageDir = join(workDir, 'package');
  const template = packageStack(packageDir);
  const node = node22();
  const moto = await startMoto(join(workDir, 'moto.log'));
  // Everything, the deployment included, reaches moto through the gateway: the URLs moto builds (queue URLs)
  // then name the gateway, so the functions' calls pass through it too.
  const keyArns = new Map<string, string>();
  const gateway = new AwsGateway(moto.endpoint, { account: TWIN_ACCOUNT, region: TWIN_REGION, keyArns });
  await gateway.start();
  const open: MotoConfig = {
    endpoint: gateway.url,
    region: TWIN_REGION,
    credentials: { accessKeyId: 'twin-deployer', secretAccessKey: 'twin-deployer' },
    maxAttempts: 1,
  };
  const resolver = new StackResolver(template, {
    accountId: TWIN_ACCOUNT,
    region: TWIN_REGION,
    stackName: 'rekey-dev',
  });
  const stack = await provision(resolver, open, TWIN_ACCOUNT);
  for (const physical of resolver.physical.values())
    if (physical.attributes.KeyId && physical.attributes.Arn)
      keyArns.set(physical.attributes.KeyId, physical.attributes.Arn);
  const central = { account: TWIN_ACCOUNT, stage: 'dev', memberRoleName: MEMBER_ROLE };
  const member = await provisionMember(ROOT, open, central);
  // The same template deployed outside the organisation: only Rekey's own policies keep it out of reach.
  const outsider = await provisionMember(ROOT, open, central, OUTSIDE_ACCOUNT);
  const admin = await administrator(open);
  // Created by the operator when connecting Slack (docs/connecting-slack.md), not by the template.
  await new SecretsManagerClient(open).send(
    new CreateSecretCommand({ Name: 'rekey/dev/slack', SecretString: JSON.stringify(TWIN_SLACK_SECRET) }),
  );
  const { credentials, sessions } = await roleSessions(stack, open);
  for (const config of [admin, member.admin, outsider.admin])
    gateway.operatorKeys.add(config.credentials.accessKeyId);
  await moto.enforceAuthorization();

  const slack = new FakeSlack();
  await slack.start();
  for (const r of TWIN_RESPONDERS) slack.users.set(r.slackUserId, { name: r.name, email: r.email });
  const lambdas = new LambdaHost({
    functions: stack.functions,
    packageDir,
    workDir,
    node,
    credentials,
    queueUrls: stack.queueUrls,
    baseEnvironment: {
      AWS_REGION: TWIN_REGION,
      AWS_DEFAULT_REGION: TWIN_REGION,
      AWS_ENDPOINT_URL: gateway.url,
      SLACK_API_URL: slack.url,
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
  const stateMachines = new StateMachineHost({
    definitions: stack.stateMachines,
    lambdas,
    waitMs: options.waitMs ?? 1000,
    roles: new Map([...stack.roles.values()].map((r) => [r.arn, r])),
    record: (call) => gateway.calls.push(call),
    ended: (execution) => putRunStatusEvent(admin, execution),
  });
  const cloudTrail = new CloudTrailHistory();
  gateway.attach({
    lambdas,
    stateMachines,
    sessions,
    roles: new Map(
      [...stack.roles.values(), ...member.roles.roles.values(), ...outsider.roles.roles.values()].map((r) => [
        r.arn,
        r,
      ]),
    ),
    organization: { id: TWIN_ORGANIZATION, accounts: new Set([TWIN_ACCOUNT, MEMBER_ACCOUNT]) },
    pauseAuthorization: (during) => moto.withoutAuthorization(during),
    cloudTrail,
    administrators: new Map([
      [TWIN_ACCOUNT, admin],
      [MEMBER_ACCOUNT, member.admin],
      [OUTSIDE_ACCOUNT, outsider.admin],
    ]),
  });
  const allRoles = new Map(
    [member.roles, member.forwarding, outsider.roles, stack]
      .flatMap((st) => [...st.roles.values()])
      .map((r) => [r.arn, r]),
  );
  const organization = { id: TWIN_ORGANIZATION, accounts: new Set([TWIN_ACCOUNT, MEMBER_ACCOUNT]) };
  const delivery = new EventDelivery({
    roles: allRoles,
    organization,
    record: (call) => gateway.calls.push(call),
    accounts: [
      { account: TWIN_ACCOUNT, stacks: [stack], config: admin },
      { account: MEMBER_ACCOUNT, stacks: [member.forwarding], config: member.admin },
    ],
    lambdas,
    asFunction: (functionArn) => {
      const fn = stack.functions.get(functionArn);
      const own = fn && credentials.get(fn.roleArn);
      if (!own) throw new Error(`no credentials for ${functionArn}`);
      return { ...open, credentials: own };
    },
  });
  // What the deployment and set-up did is the operator's; the record of the stack's calls starts now.
  gateway.calls.length = 0;
  await delivery.start();
  const httpApi = new HttpApi({ stack, lambdas });
  await httpApi.start();
  return {
    stack,
    member,
    moto,
    admin,
    lambdas,
    stateMachines,
    gateway,
    delivery,
    httpApi,
    slack,
    cloudTrail,
    workDir,
    withoutChecks: (during) => gateway.exclusively(() => moto.withoutAuthorization(during)),
    asFunction(functionName) {
      const fn = [...stack.functions.values()].find((f) => f.name === functionName);
      const own = fn && credentials.get(fn.roleArn);
      if (!own) throw new Error(`no function ${functionName}`);
      return { ...open, credentials: own };
    },
    async stopExecution(executionArn, error, cause) {
      await new SFNClient(admin).send(new StopExecutionCommand({ executionArn, error, cause }));
      if (!stateMachines.stop(executionArn, error, cause))
        throw new Error(`no execution ${executionArn} running in the twin`);
    },
    async runUntil(done, what, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!(await done())) {
        if (Date.now() > deadline) throw new Error(`the twin did not reach: ${what} within ${timeoutMs} ms`);
        if (!(await delivery.pump())) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      lambdas.stop();
      await Promise.all([gateway.stop(), httpApi.stop(), slack.stop()]);
      moto.stop();
    },
  };
}
