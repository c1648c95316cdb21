/**
 * The packaged stack, end to end on the twin: a GuardDuty finding about a leaked key, delivered by moto's bus,
 * contained by the bundles with their own roles once a responder approves in Slack, reviewed, and restored.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  AddRoleToInstanceProfileCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateInstanceProfileCommand,
  CreateLoginProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetLoginProfileCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateGroupCommand,
  CreateGroupMembershipCommand,
  CreateUserCommand as CreateIdentityStoreUserCommand,
  IdentitystoreClient,
} from '@aws-sdk/client-identitystore';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  ListInstancesCommand,
  ProvisionPermissionSetCommand,
  PutInlinePolicyToPermissionSetCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePolicies } from '../src/domain/policy-evaluator.js';
import { MEMBER_ACCOUNT, OUTSIDE_ACCOUNT } from './member-account.js';
import { removeEachPermission } from './permission-removal.js';
import { click, type PostedButton, postedButtons } from './slack-clicks.js';
import {
  startTwin,
  TWIN_ACCOUNT,
  TWIN_REGION,
  TWIN_RESPONDERS,
  TWIN_SLACK_SECRET,
  type Twin,
} from './twin.js';

const [TWIN_RESPONDER] = TWIN_RESPONDERS;

/**
 * The permissions no twin scenario needs (twin/not-exercised.json, `npx tsx scripts/twin-not-exercised.ts` rewrites
 * it from a run): none today. The list must be exact, so a permission a scenario stops needing fails the test
 * until it is listed (and docs/twin.md says why the twin cannot reach it) or a scenario needs it again.
 */
const NOT_EXERCISED = JSON.parse(
  readFileSync(join(import.meta.dirname, 'not-exercised.json'), 'utf8'),
) as string[];

const ROOT = join(import.meta.dirname, '..');

/** A GuardDuty finding of the event library, in the twin's account, published now. */
function libraryFinding(name: string): Record<string, unknown> {
  const event = JSON.parse(readFileSync(join(ROOT, `drills/events/aws.guardduty/${name}.json`), 'utf8'));
  const detail = event.detail;
  const now = new Date().toISOString();
  detail.accountId = TWIN_ACCOUNT;
  detail.arn = String(detail.arn).replaceAll('111122223333', TWIN_ACCOUNT);
  detail.createdAt = now;
  detail.updatedAt = now;
  detail.service.eventFirstSeen = now;
  detail.service.eventLastSeen = now;
  return detail;
}

/** The Tor-caller finding about `keyId` of `user`. */
function finding(user: string, keyId: string): Record<string, unknown> {
  const detail = libraryFinding('iam-user-tor-caller');
  const resource = detail.resource as { accessKeyDetails: Record<string, string> };
  resource.accessKeyDetails = { ...resource.accessKeyDetails, accessKeyId: keyId, userName: user };
  return detail;
}

let twin: Twin;

/** A responder's click on a button, signed with the app's signing secret, through the HTTP API. */
function clickAs(button: PostedButton, responder: { slackUserId: string } = TWIN_RESPONDER) {
  return click(twin.httpApi.url, button, responder.slackUserId, TWIN_SLACK_SECRET.signingSecret);
}
let iam: IAMClient;

beforeAll(async () => {
  twin = await startTwin();
  iam = new IAMClient(twin.admin);
});

afterAll(async () => {
  await twin?.stop();
});

/** A user with an access key, created in the twin's IAM; the key's id. */
async function userWithKey(user: string): Promise<string> {
  await iam.send(new CreateUserCommand({ UserName: user }));
  return String((await iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey?.AccessKeyId);
}

/** Publishes a finding as the member account's forwarding rule delivers it: unchanged, on the central bus. */
async function publish(detail: Record<string, unknown>): Promise<void> {
  await new EventBridgeClient(twin.admin).send(
    new PutEventsCommand({
      Entries: [{ Source: 'aws.guardduty', DetailType: 'GuardDuty Finding', Detail: JSON.stringify(detail) }],
    }),
  );
}

async function keyStatusOf(user: string, keyId: string, client = iam): Promise<string | undefined> {
  const keys = (await client.send(new ListAccessKeysCommand({ UserName: user }))).AccessKeyMetadata;
  return keys?.find((k) => k.AccessKeyId === keyId)?.Status;
}

/** The buttons of the approval request about `keyId`. */
function buttonsAbout(keyId: string, actionId: string) {
  const incident = twin.stateMachines.executions.find((e) => JSON.stringify(e.input).includes(keyId))?.name;
  return postedButtons(twin.slack).filter(
    (b) => b.actionId === actionId && JSON.parse(b.value).incidentId === incident,
  );
}

describe('the deployed twin: a leaked key reported by GuardDuty, approved', () => {
  let keyId: string;

  beforeAll(async () => {
    keyId = await userWithKey('alice');
    await publish(finding('alice', keyId));
  });

  const keyStatus = () => keyStatusOf('alice', keyId);
  const approveButton = () => buttonsAbout(keyId, 'rekey_approve')[0];

  it('triages the finding and asks a responder in Slack before changing anything', async () => {
    await twin.runUntil(() => approveButton() !== undefined, 'an approval request in Slack');
    expect(twin.stateMachines.executions.map((e) => e.stateMachineArn)).toEqual([
      `arn:aws:states:us-east-1:${TWIN_ACCOUNT}:stateMachine:rekey-dev-exposed-access-key`,
    ]);
    expect(twin.delivery.delivered.map((d) => d.rule)).toEqual(['rekey-dev-triage-rule-1']);
    expect(await keyStatus()).toBe('Active');
    // Every Slack call carries the bot token from the Slack secret, and goes to the configured channel.
    expect(new Set(twin.slack.calls.map((c) => c.token))).toEqual(new Set([TWIN_SLACK_SECRET.botToken]));
  });

  it('refuses a click that Slack did not sign, and nothing moves', async () => {
    const button = approveButton();
    if (!button) throw new Error('no approval button');
    const answer = await click(
      twin.httpApi.url,
      button,
      TWIN_RESPONDER.slackUserId,
      'not-the-signing-secret-000000',
    );
    expect(answer.status).toBe(401);
    expect(twin.stateMachines.waitingTokens()).toHaveLength(1);
    expect(await keyStatus()).toBe('Active');
  });

  it('contains once the responder approves through the HTTP API: key inactive, sessions denied', async () => {
    const button = approveButton();
    if (!button) throw new Error('no approval button');
    const answer = await clickAs(button, TWIN_RESPONDER);
    expect(answer.status).toBe(200);
    await twin.runUntil(async () => (await keyStatus()) === 'Inactive', 'the key inactive');
    await twin.runUntil(
      () => twin.stateMachines.executions.every((e) => e.status !== 'RUNNING'),
      'the playbook done',
    );
    expect(twin.stateMachines.executions[0]).toMatchObject({ status: 'SUCCEEDED' });
    const policies = (await iam.send(new ListUserPoliciesCommand({ UserName: 'alice' }))).PolicyNames ?? [];
    expect(policies.length).toBe(1);
    const deny = await iam.send(
      new GetUserPolicyCommand({ UserName: 'alice', PolicyName: String(policies[0]) }),
    );
    expect(decodeURIComponent(String(deny.PolicyDocument))).toContain('aws:TokenIssueTime');
  });

  it('keeps a timeline that verifies and a review in S3, read as the operator does', async () => {
    await twin.lambdas.settled();
    const incidentId = JSON.parse(String(approveButton()?.value)).incidentId as string;
    const buckets = (name: string) => String(twin.stack.functions.values().next().value?.environment[name]);
    // moto mis-verifies the signature of an S3 request whose query holds a '/' (a ListObjectsV2 prefix), as the
    // operator's anchor check sends: the operator's reads run with moto's checks paused (the stack is idle).
    const { stdout } = await twin.withoutChecks(() =>
      promisify(execFile)(
        process.execPath,
        [
          '--import',
          'tsx',
          join(ROOT, 'src/cli/main.ts'),
          'review',
          incidentId,
          '--verify',
          '--timeline-table',
          buckets('REKEY_TIMELINE_TABLE'),
          '--anchor-bucket',
          buckets('REKEY_ANCHOR_BUCKET'),
          '--reviews-bucket',
          buckets('REKEY_REVIEWS_BUCKET'),
        ],
        {
          cwd: ROOT,
          env: {
            PATH: process.env.PATH,
            AWS_ENDPOINT_URL: twin.moto.endpoint,
            AWS_REGION: 'us-east-1',
            AWS_ACCESS_KEY_ID: twin.admin.credentials.accessKeyId,
            AWS_SECRET_ACCESS_KEY: twin.admin.credentials.secretAccessKey,
          },
        },
      ),
    );
    expect(stdout).toMatch(/^intact: \d+ entries/);
    const reviews = await new S3Client({ ...twin.admin, forcePathStyle: true }).send(
      new ListObjectsV2Command({ Bucket: buckets('REKEY_REVIEWS_BUCKET') }),
    );
    expect(reviews.Contents?.map((o) => o.Key)).toContain(`reviews/${incidentId}.md`);
  });

  it('restores the key when two responders ask from the Slack thread, not before', async () => {
    await twin.runUntil(
      () => postedButtons(twin.slack).some((b) => b.actionId === 'rekey_restore'),
      'a restore button',
    );
    const restores = postedButtons(twin.slack).filter((b) => b.actionId === 'rekey_restore');
    const deactivation = restores.find((b) => JSON.parse(b.value).step === 'deactivate-key');
    if (!deactivation)
      throw new Error(`no restore of deactivate-key among ${restores.map((b) => b.value).join(', ')}`);
    const [first, second] = TWIN_RESPONDERS;
    expect((await clickAs(deactivation, first)).status).toBe(200);
    // One responder is not enough: nothing is put back yet.
    await twin.lambdas.settled();
    await twin.delivery.pump();
    await twin.lambdas.settled();
    expect(await keyStatus()).toBe('Inactive');
    expect((await clickAs(deactivation, second)).status).toBe(200);
    await twin.runUntil(async () => (await keyStatus()) === 'Active', 'the key active again');
  });

  it("removes Rekey's deny when two responders restore the session revocation", async () => {
    const revocation = postedButtons(twin.slack).find(
      (b) => b.actionId === 'rekey_restore' && JSON.parse(b.value).step === 'revoke-sessions',
    );
    if (!revocation) throw new Error('no restore of revoke-sessions');
    for (const responder of TWIN_RESPONDERS) await clickAs(revocation, responder);
    await twin.runUntil(
      async () =>
        ((await iam.send(new ListUserPoliciesCommand({ UserName: 'alice' }))).PolicyNames ?? []).length === 0,
      "alice's deny removed",
    );
  });
});

describe('the deployed twin: a finding a responder denies', () => {
  let keyId: string;

  beforeAll(async () => {
    keyId = await userWithKey('bob');
    await publish(finding('bob', keyId));
  });

  it('changes nothing when the responder denies, and closes the incident as dismissed', async () => {
    await twin.runUntil(() => buttonsAbout(keyId, 'rekey_deny').length > 0, 'an approval request about bob');
    const [deny] = buttonsAbout(keyId, 'rekey_deny');
    if (!deny) throw new Error('no deny button');
    const answer = await clickAs(deny, TWIN_RESPONDER);
    expect(answer.status).toBe(200);
    const run = () => twin.stateMachines.executions.find((e) => JSON.stringify(e.input).includes(keyId));
    await twin.runUntil(() => run()?.status !== 'RUNNING', "bob's playbook done");
    expect(run()).toMatchObject({ status: 'SUCCEEDED' });
    expect(run()?.tasks).not.toContain('RunDeactivateKey');
    expect(await keyStatusOf('bob', keyId)).toBe('Active');
    expect((await iam.send(new ListUserPoliciesCommand({ UserName: 'bob' }))).PolicyNames).toEqual([]);
  });
});

/** Approves, as the first responder, every approval request of the `nth` run about `marker` until it ends. */
async function approveUntilDone(marker: string, nth = 0): Promise<void> {
  const run = () =>
    twin.stateMachines.executions.filter((e) => JSON.stringify(e.input).includes(marker))[nth];
  const clicked = new Set<string>();
  await twin.runUntil(async () => {
    const incident = run()?.name;
    for (const button of postedButtons(twin.slack)) {
      if (button.actionId !== 'rekey_approve' || clicked.has(button.value)) continue;
      if (JSON.parse(button.value).incidentId !== incident) continue;
      clicked.add(button.value);
      await clickAs(button, TWIN_RESPONDER);
    }
    return run() !== undefined && run()?.status !== 'RUNNING';
  }, `the playbook about ${marker} done`);
}

/** Where a scenario runs: Rekey's own account, or the member account (its events forwarded to Rekey's bus). */
function account(which: 'own' | 'member') {
  const id = which === 'own' ? TWIN_ACCOUNT : MEMBER_ACCOUNT;
  const config = which === 'own' ? twin.admin : twin.member.admin;
  /** Puts an event on the account's default bus, as the AWS service producing it does. */
  const putEvent = (source: string, detailType: string, detail: unknown) =>
    new EventBridgeClient(config).send(
      new PutEventsCommand({
        Entries: [{ Source: source, DetailType: detailType, Detail: JSON.stringify(detail) }],
      }),
    );
  return {
    id,
    config,
    iam: new IAMClient(config),
    putEvent,
    async publish(detail: Record<string, unknown>) {
      detail.accountId = id;
      detail.arn = String(detail.arn).replace(TWIN_ACCOUNT, id);
      await putEvent('aws.guardduty', 'GuardDuty Finding', detail);
    },
  };
}

describe.each(['own', 'member'] as const)(
  'the deployed twin, in the %s account: instance credentials used outside AWS',
  (which) => {
    let instanceId: string;
    let natIp: string;
    /** The VPC's IPv6 range, where the instance's IPv6 calls come from. */
    let ipv6Range: string;

    beforeAll(async () => {
      const { iam, config, publish } = account(which);
      const ec2 = new EC2Client(config);
      const trust = {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      };
      const role = (
        await iam.send(
          new CreateRoleCommand({
            RoleName: 'web-app-instance-role',
            AssumeRolePolicyDocument: JSON.stringify(trust),
          }),
        )
      ).Role;
      await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web-app' }));
      await iam.send(
        new AddRoleToInstanceProfileCommand({
          InstanceProfileName: 'web-app',
          RoleName: 'web-app-instance-role',
        }),
      );
      // web-a in its dual-stack VPC, reaching AWS through a NAT gateway over IPv4, directly over IPv6.
      const vpc = (
        await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', AmazonProvidedIpv6CidrBlock: true }))
      ).Vpc;
      ipv6Range = String(vpc?.Ipv6CidrBlockAssociationSet?.[0]?.Ipv6CidrBlock);
      const subnet = (
        await ec2.send(
          new CreateSubnetCommand({
            VpcId: vpc?.VpcId,
            CidrBlock: '10.0.1.0/24',
            Ipv6CidrBlock: ipv6Range.replace('/56', '/64'),
          }),
        )
      ).Subnet;
      const gateway = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway;
      await ec2.send(
        new AttachInternetGatewayCommand({
          InternetGatewayId: gateway?.InternetGatewayId,
          VpcId: vpc?.VpcId,
        }),
      );
      const address = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
      natIp = String(address.PublicIp);
      const nat = (
        await ec2.send(
          new CreateNatGatewayCommand({ SubnetId: subnet?.SubnetId, AllocationId: address.AllocationId }),
        )
      ).NatGateway;
      const table = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc?.VpcId }))).RouteTable;
      await ec2.send(
        new CreateRouteCommand({
          RouteTableId: table?.RouteTableId,
          DestinationCidrBlock: '0.0.0.0/0',
          NatGatewayId: nat?.NatGatewayId,
        }),
      );
      await ec2.send(
        new CreateRouteCommand({
          RouteTableId: table?.RouteTableId,
          DestinationIpv6CidrBlock: '::/0',
          GatewayId: gateway?.InternetGatewayId,
        }),
      );
      await ec2.send(
        new AssociateRouteTableCommand({ RouteTableId: table?.RouteTableId, SubnetId: subnet?.SubnetId }),
      );
      const instance = (
        await ec2.send(
          new RunInstancesCommand({
            ImageId: 'ami-12c6146b',
            MinCount: 1,
            MaxCount: 1,
            SubnetId: subnet?.SubnetId,
            Ipv6AddressCount: 1,
            IamInstanceProfile: { Name: 'web-app' },
          }),
        )
      ).Instances?.[0];
      instanceId = String(instance?.InstanceId);
      const detail = libraryFinding('exfiltrated-instance-credentials');
      const resource = detail.resource as { accessKeyDetails: Record<string, string> };
      resource.accessKeyDetails.principalId = `${role?.RoleId}:${instanceId}`;
      await publish(detail);
    });

    it("binds the role's credentials to the instance's network, then revokes its sessions once approved", async () => {
      const { iam } = account(which);
      await approveUntilDone(instanceId);
      const run = twin.stateMachines.executions.find((e) => JSON.stringify(e.input).includes(instanceId));
      expect(run).toMatchObject({ status: 'SUCCEEDED' });
      expect(run?.tasks).toEqual(
        expect.arrayContaining(['RunRestrictToInstanceNetwork', 'RunRevokeRoleSessions']),
      );
      const names =
        (await iam.send(new ListRolePoliciesCommand({ RoleName: 'web-app-instance-role' }))).PolicyNames ??
        [];
      const documents = await Promise.all(
        names.map(async (n) =>
          decodeURIComponent(
            String(
              (await iam.send(new GetRolePolicyCommand({ RoleName: 'web-app-instance-role', PolicyName: n })))
                .PolicyDocument,
            ),
          ),
        ),
      );
      // The NAT gateway's address, read from EC2, is where the instance's credentials may still be used from.
      expect(documents.join('\n')).toContain(natIp);
      expect(documents.join('\n')).toContain(ipv6Range);
      expect(documents.join('\n')).toContain('aws:TokenIssueTime');
    });
  },
);

/** A zip holding a rotation function's code (moto's Lambda stand-in never runs it). */
const ROTATION_CODE =
  'UEsDBBQAAAAAAKqZhV2ehn+CIgAAACIAAAAIAAAAaW5kZXguanNleHBvcnRzLmhhbmRsZXIgPSBhc3luYyAoKSA9PiB7fTsKUEsBAhQDFAAAAAAAqpmFXZ6Gf4IiAAAAIgAAAAgAAAAAAAAAAAAAAIABAAAAAGluZGV4LmpzUEsFBgAAAAABAAEANgAAAEgAAAAAAA==';

/** A secret owner's rotation function `SecretsManager<name>` with a role of its own; its ARN. */
async function rotationFunction(config: typeof twin.admin, name: string): Promise<string | undefined> {
  const trust = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  };
  const role = (
    await new IAMClient(config).send(
      new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }),
    )
  ).Role;
  const fn = await new LambdaClient(config).send(
    new CreateFunctionCommand({
      FunctionName: `SecretsManager${name}`,
      Runtime: 'nodejs22.x',
      Role: role?.Arn,
      Handler: 'index.handler',
      Code: { ZipFile: Buffer.from(ROTATION_CODE, 'base64') },
    }),
  );
  return fn.FunctionArn;
}

/** Rotation set up on the secret as its owner does: a rotation function of the account, every 30 days. */
async function withRotation(
  config: typeof twin.admin,
  secretArn: string,
  functionName = 'payments-db-rotation',
): Promise<string | undefined> {
  const fn = await rotationFunction(config, functionName);
  const secrets = new SecretsManagerClient(config);
  await secrets.send(
    new RotateSecretCommand({
      SecretId: secretArn,
      RotationLambdaARN: fn,
      RotationRules: { AutomaticallyAfterDays: 30 },
      RotateImmediately: true,
    }),
  );
  // What the function's finishSecret step does (moto's stand-in runs none of it, and sets no value): the new
  // version current, the rotation over.
  const versions =
    (await secrets.send(new ListSecretVersionIdsCommand({ SecretId: secretArn }))).Versions ?? [];
  const pending = versions.find((v) => v.VersionStages?.includes('AWSPENDING'))?.VersionId;
  const current = versions.find((v) => v.VersionStages?.includes('AWSCURRENT'))?.VersionId;
  await secrets.send(
    new UpdateSecretVersionStageCommand({
      SecretId: secretArn,
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: pending,
      RemoveFromVersionId: current,
    }),
  );
  await secrets.send(
    new UpdateSecretVersionStageCommand({
      SecretId: secretArn,
      VersionStage: 'AWSPENDING',
      RemoveFromVersionId: pending,
    }),
  );
  return pending;
}

describe.each(['own', 'member'] as const)(
  'the deployed twin, in the %s account: a production secret read by a role outside the allowlist',
  (which) => {
    let secretArn: string;
    /** The secret's current version before the read. */
    let rotatedFrom: string | undefined;
    const marker = () => `arn:aws:iam::${account(which).id}:role/deploy-role`;

    beforeAll(async () => {
      const { id, iam, config, putEvent } = account(which);
      const trust = {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      };
      const role = (
        await iam.send(
          new CreateRoleCommand({ RoleName: 'deploy-role', AssumeRolePolicyDocument: JSON.stringify(trust) }),
        )
      ).Role;
      secretArn = String(
        (
          await new SecretsManagerClient(config).send(
            new CreateSecretCommand({ Name: 'prod/payments/db', SecretString: 'hunter2-db-password' }),
          )
        ).ARN,
      );
      rotatedFrom = await withRotation(config, secretArn);
      // CloudTrail's record of the read, as EventBridge delivers it.
      const event = JSON.parse(
        readFileSync(join(ROOT, 'drills/events/aws.secretsmanager/exposed-secret.json'), 'utf8'),
      );
      const now = new Date().toISOString();
      const detail = JSON.parse(JSON.stringify(event.detail).replaceAll('111122223333', id));
      detail.eventTime = now;
      detail.userIdentity.principalId = `${role?.RoleId}:ci-run-42`;
      detail.userIdentity.sessionContext.sessionIssuer.principalId = role?.RoleId;
      detail.userIdentity.sessionContext.attributes.creationDate = now;
      detail.requestParameters.secretId = secretArn;
      await putEvent('aws.secretsmanager', 'AWS API Call via CloudTrail', detail);
    });

    it("revokes the reader's sessions and denies it the secret once approved, and never logs the secret's value", async () => {
      const { id, iam, config } = account(which);
      await approveUntilDone(marker());
      const run = twin.stateMachines.executions.find((e) => JSON.stringify(e.input).includes(marker()));
      expect(run?.status).toBe('SUCCEEDED');
      // Rotated since the read: the value the reader holds is no longer the current one.
      const stages = (
        await new SecretsManagerClient(config).send(new DescribeSecretCommand({ SecretId: secretArn }))
      ).VersionIdsToStages;
      const now = Object.entries(stages ?? {}).find(([, s]) => s.includes('AWSCURRENT'))?.[0];
      expect(now).toBeDefined();
      expect(now).not.toBe(rotatedFrom);
      const policy = await new SecretsManagerClient(config).send(
        new GetResourcePolicyCommand({ SecretId: secretArn }),
      );
      // The secret's policy refuses the reader's session, as IAM evaluates it.
      const decision = evaluatePolicies(
        [{ name: 'secret', document: JSON.parse(String(policy.ResourcePolicy)) }],
        {
          action: 'secretsmanager:GetSecretValue',
          resource: secretArn,
          context: {},
          principal: {
            arn: `arn:aws:sts::${id}:assumed-role/deploy-role/ci-run-42`,
            accountId: id,
          },
        },
      );
      expect(decision.effect).toBe('explicit-deny');
      const names =
        (await iam.send(new ListRolePoliciesCommand({ RoleName: 'deploy-role' }))).PolicyNames ?? [];
      expect(names.length).toBeGreaterThan(0);
      const logs = readdirSync(join(twin.workDir, 'logs')).map((f) =>
        readFileSync(join(twin.workDir, 'logs', f), 'utf8'),
      );
      for (const log of logs) expect(log).not.toContain('hunter2-db-password');
    });

    it('puts the secret and the role back as they were when two responders restore every step', async () => {
      const { iam, config } = account(which);
      const incident = twin.stateMachines.executions.find((e) =>
        JSON.stringify(e.input).includes(marker()),
      )?.name;
      const restores = postedButtons(twin.slack).filter(
        (b) => b.actionId === 'rekey_restore' && JSON.parse(b.value).incidentId === incident,
      );
      expect(restores.length).toBeGreaterThan(0);
      for (const restore of restores)
        for (const responder of TWIN_RESPONDERS) await clickAs(restore, responder);
      const secrets = new SecretsManagerClient(config);
      await twin.runUntil(async () => {
        const policy = await secrets.send(new GetResourcePolicyCommand({ SecretId: secretArn }));
        const roles =
          (await iam.send(new ListRolePoliciesCommand({ RoleName: 'deploy-role' }))).PolicyNames ?? [];
        return !policy.ResourcePolicy && roles.length === 0;
      }, "the secret's policy and the role's deny removed");
    });
  },
);

describe.each(['own', 'member'] as const)(
  'the deployed twin, in the %s account: a console sign-in and a role session',
  (which) => {
    it("removes the console password of a user who signed in from an attacker's address", async () => {
      const { id, iam, publish } = account(which);
      const user = (await iam.send(new CreateUserCommand({ UserName: 'dana' }))).User;
      await iam.send(
        new CreateLoginProfileCommand({ UserName: 'dana', Password: 'Correct-Horse-Battery-9' }),
      );
      const detail = libraryFinding('console-login-success-b');
      const resource = detail.resource as { accessKeyDetails: Record<string, string> };
      resource.accessKeyDetails = {
        ...resource.accessKeyDetails,
        userName: 'dana',
        principalId: String(user?.UserId),
      };
      await publish(detail);
      const marker = `arn:aws:iam::${id}:user/dana`;
      await approveUntilDone(marker);
      const run = twin.stateMachines.executions.find((e) => JSON.stringify(e.input).includes(marker));
      expect(run?.stateMachineArn).toMatch(/rekey-dev-suspicious-console-login$/);
      expect(run?.status).toBe('SUCCEEDED');
      await expect(iam.send(new GetLoginProfileCommand({ UserName: 'dana' }))).rejects.toThrow(
        /NoSuchEntity|not found/i,
      );
    });

    it("revokes a compromised role's sessions", async () => {
      const { id, iam, publish } = account(which);
      const trust = {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      };
      const role = (
        await iam.send(
          new CreateRoleCommand({
            RoleName: 'ops-automation',
            AssumeRolePolicyDocument: JSON.stringify(trust),
          }),
        )
      ).Role;
      const detail = libraryFinding('role-session-persistence');
      const resource = detail.resource as { accessKeyDetails: Record<string, string> };
      resource.accessKeyDetails = {
        ...resource.accessKeyDetails,
        principalId: `${role?.RoleId}:nightly-ops`,
      };
      await publish(detail);
      const marker = `arn:aws:iam::${id}:role/ops-automation`;
      await approveUntilDone(marker);
      const run = twin.stateMachines.executions.find((e) => JSON.stringify(e.input).includes(marker));
      expect(run?.stateMachineArn).toMatch(/rekey-dev-compromised-role-session$/);
      expect(run?.status).toBe('SUCCEEDED');
      const names =
        (await iam.send(new ListRolePoliciesCommand({ RoleName: 'ops-automation' }))).PolicyNames ?? [];
      expect(names.length).toBeGreaterThan(0);
    });
  },
);

/** A policy allowing reads of numbered buckets, at least `size` characters without white space. */
function bulkyPolicy(size: number): string {
  const buckets: string[] = [];
  const document = () =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: buckets }],
    });
  while (document().length < size)
    buckets.push(`arn:aws:s3:::reports-${String(buckets.length).padStart(4, '0')}/*`);
  return document();
}

/** Two responders restore `step` of the incident about `marker`, as the Slack thread offers it. */
async function restoreStep(marker: string, step: string): Promise<void> {
  const incident = twin.stateMachines.executions.find((e) => JSON.stringify(e.input).includes(marker))?.name;
  const restore = () =>
    postedButtons(twin.slack).find(
      (b) =>
        b.actionId === 'rekey_restore' &&
        JSON.parse(b.value).incidentId === incident &&
        JSON.parse(b.value).step === step,
    );
  // The review offers the restores once the playbook is done.
  await twin.runUntil(() => restore() !== undefined, `a restore of ${step} about ${marker}`);
  for (const responder of TWIN_RESPONDERS) await clickAs(restore() as PostedButton, responder);
}

describe.each(['own', 'member'] as const)(
  "the deployed twin, in the %s account: a principal whose inline policies are at IAM's quota",
  (which) => {
    /** Rekey's managed denies (policy/rekey/) attached to the principal. */
    const rekeyPolicies = async (iam: IAMClient, principal: { UserName: string } | { RoleName: string }) => {
      const out =
        'UserName' in principal
          ? await iam.send(new ListAttachedUserPoliciesCommand(principal))
          : await iam.send(new ListAttachedRolePoliciesCommand(principal));
      return out.AttachedPolicies?.filter((p) => p.PolicyArn?.includes(':policy/rekey/')) ?? [];
    };

    it("denies a leaked key's user sessions with a managed policy of its own, deleted on restore", async () => {
      const { iam, publish } = account(which);
      await iam.send(new CreateUserCommand({ UserName: 'grace' }));
      // 1,924 of the 2,048 characters a user's inline policies may hold: the deny does not fit.
      await iam.send(
        new PutUserPolicyCommand({
          UserName: 'grace',
          PolicyName: 'reports',
          PolicyDocument: bulkyPolicy(1900),
        }),
      );
      const keyId = String(
        (await iam.send(new CreateAccessKeyCommand({ UserName: 'grace' }))).AccessKey?.AccessKeyId,
      );
      await publish(finding('grace', keyId));
      await approveUntilDone(keyId);
      const run = twin.stateMachines.executions.find((e) => JSON.stringify(e.input).includes(keyId));
      expect(run?.status).toBe('SUCCEEDED');
      expect((await iam.send(new ListUserPoliciesCommand({ UserName: 'grace' }))).PolicyNames).toEqual([
        'reports',
      ]);
      const [deny] = await rekeyPolicies(iam, { UserName: 'grace' });
      const version = await iam.send(
        new GetPolicyVersionCommand({ PolicyArn: deny?.PolicyArn, VersionId: 'v1' }),
      );
      expect(decodeURIComponent(String(version.PolicyVersion?.Document))).toContain('aws:TokenIssueTime');
      await restoreStep(keyId, 'revoke-sessions');
      await twin.runUntil(
        async () => (await rekeyPolicies(iam, { UserName: 'grace' })).length === 0,
        "grace's deny detached",
      );
      await twin.runUntil(
        async () =>
          (await iam.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: '/rekey/' }))).Policies
            ?.length === 0,
        "grace's deny deleted",
      );
    });

    it("revokes a role's sessions with a managed policy when its inline policies are full, detached on restore", async () => {
      const { id, iam, publish } = account(which);
      const trust = {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      };
      const role = (
        await iam.send(
          new CreateRoleCommand({
            RoleName: 'batch-runner',
            AssumeRolePolicyDocument: JSON.stringify(trust),
          }),
        )
      ).Role;
      // 10,208 of the 10,240 characters a role's inline policies may hold: the deny does not fit.
      for (const [name, size] of [
        ['reports', 5080],
        ['archive', 5080],
      ] as const)
        await iam.send(
          new PutRolePolicyCommand({
            RoleName: 'batch-runner',
            PolicyName: name,
            PolicyDocument: bulkyPolicy(size),
          }),
        );
      const detail = libraryFinding('role-session-persistence');
      const resource = detail.resource as { accessKeyDetails: Record<string, string> };
      resource.accessKeyDetails = {
        ...resource.accessKeyDetails,
        principalId: `${role?.RoleId}:nightly-batch`,
        userName: 'batch-runner',
        // A session and a finding of its own (the library's are ops-automation's, whose incident is open).
        accessKeyId: `ASIABATCHRUNNER${which === 'own' ? '00001' : '00002'}`,
      };
      detail.id = randomUUID().replaceAll('-', '');
      // CloudTrail shows where the session came from: an operator's key assumed the role.
      const operator = (await iam.send(new CreateUserCommand({ UserName: 'batch-operator' }))).User ?? {};
      const operatorKey = String(
        (await iam.send(new CreateAccessKeyCommand({ UserName: 'batch-operator' }))).AccessKey?.AccessKeyId,
      );
      twin.cloudTrail.add(
        trailRecord(id, operator, operatorKey, {
          source: 'sts.amazonaws.com',
          name: 'AssumeRole',
          request: { roleArn: role?.Arn, roleSessionName: 'nightly-batch' },
          response: {
            credentials: {
              accessKeyId: resource.accessKeyDetails.accessKeyId,
              sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE',
            },
            assumedRoleUser: {
              assumedRoleId: `${role?.RoleId}:nightly-batch`,
              arn: `arn:aws:sts::${id}:assumed-role/batch-runner/nightly-batch`,
            },
          },
          minutesAgo: 15,
        }),
      );
      await publish(detail);
      const marker = `arn:aws:iam::${id}:role/batch-runner`;
      await approveUntilDone(marker);
      const run = twin.stateMachines.executions.find((e) => JSON.stringify(e.input).includes(marker));
      expect(run?.status).toBe('SUCCEEDED');
      expect(await rekeyPolicies(iam, { RoleName: 'batch-runner' })).toHaveLength(1);
      // The session's source contained too: the operator's key that assumed the role.
      expect(run?.tasks, JSON.stringify(run?.output)).toContain('RunContainSource');
      expect(await keyStatusOf('batch-operator', operatorKey, iam), JSON.stringify(run?.output)).toBe(
        'Inactive',
      );
      await restoreStep(marker, 'revoke-role-sessions');
      await twin.runUntil(
        async () => (await rekeyPolicies(iam, { RoleName: 'batch-runner' })).length === 0,
        "batch-runner's deny detached",
      );
    });
  },
);

/** A call made with `keyId` of `user`, `minutesAgo`, as CloudTrail records it in the account's history. */
function trailRecord(
  accountId: string,
  user: { UserName?: string; UserId?: string },
  keyId: string,
  call: { source: string; name: string; request: unknown; response: unknown; minutesAgo: number },
) {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: user.UserId,
      arn: `arn:aws:iam::${accountId}:user/${user.UserName}`,
      accountId,
      accessKeyId: keyId,
      userName: user.UserName,
    },
    eventTime: new Date(Date.now() - call.minutesAgo * 60_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    eventSource: call.source,
    eventName: call.name,
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.23',
    userAgent: 'aws-cli/2.15.30',
    requestParameters: call.request,
    responseElements: call.response,
    requestID: randomUUID(),
    eventID: randomUUID(),
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
  };
}

describe.each(['own', 'member'] as const)(
  'the deployed twin, in the %s account: what a leaked key left behind, found in CloudTrail',
  (which) => {
    it('sweeps the user, the key and the opened trust the leaked key made, once approved', async () => {
      const { id, iam, publish } = account(which);
      const heidi = (await iam.send(new CreateUserCommand({ UserName: 'heidi' }))).User ?? {};
      const keyId = String(
        (await iam.send(new CreateAccessKeyCommand({ UserName: 'heidi' }))).AccessKey?.AccessKeyId,
      );
      const inside = {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      };
      await iam.send(
        new CreateRoleCommand({ RoleName: 'ci-deployer', AssumeRolePolicyDocument: JSON.stringify(inside) }),
      );
      // What the attacker did with heidi's key, in IAM and as CloudTrail recorded it.
      const backdoor = (await iam.send(new CreateUserCommand({ UserName: 'svc-backup' }))).User;
      const backdoorKey = (await iam.send(new CreateAccessKeyCommand({ UserName: 'svc-backup' }))).AccessKey;
      const opened = {
        ...inside,
        Statement: [
          ...inside.Statement,
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${OUTSIDE_ACCOUNT}:root` },
            Action: 'sts:AssumeRole',
          },
        ],
      };
      await iam.send(
        new UpdateAssumeRolePolicyCommand({
          RoleName: 'ci-deployer',
          PolicyDocument: JSON.stringify(opened),
        }),
      );
      const iamCall = (name: string, request: unknown, response: unknown, minutesAgo: number) =>
        twin.cloudTrail.add(
          trailRecord(id, heidi, keyId, { source: 'iam.amazonaws.com', name, request, response, minutesAgo }),
        );
      iamCall(
        'CreateUser',
        { userName: 'svc-backup' },
        { user: { userName: 'svc-backup', userId: backdoor?.UserId, arn: backdoor?.Arn, path: '/' } },
        12,
      );
      iamCall(
        'CreateAccessKey',
        { userName: 'svc-backup' },
        { accessKey: { userName: 'svc-backup', accessKeyId: backdoorKey?.AccessKeyId, status: 'Active' } },
        11,
      );
      iamCall(
        'UpdateAssumeRolePolicy',
        { roleName: 'ci-deployer', policyDocument: JSON.stringify(opened) },
        null,
        10,
      );
      await publish(finding('heidi', keyId));
      await approveUntilDone(keyId);
      const run = twin.stateMachines.executions.find((e) => JSON.stringify(e.input).includes(keyId));
      expect(run?.status).toBe('SUCCEEDED');
      const keys = (await iam.send(new ListAccessKeysCommand({ UserName: 'svc-backup' }))).AccessKeyMetadata;
      expect(keys?.find((k) => k.AccessKeyId === backdoorKey?.AccessKeyId)?.Status).toBe('Inactive');
      expect(
        (await iam.send(new ListUserPoliciesCommand({ UserName: 'svc-backup' }))).PolicyNames?.length,
      ).toBe(1);
      const trust = decodeURIComponent(
        String(
          (await iam.send(new GetRoleCommand({ RoleName: 'ci-deployer' }))).Role?.AssumeRolePolicyDocument,
        ),
      );
      const denied = (
        JSON.parse(trust).Statement as Array<{ Effect: string; Principal?: { AWS?: unknown } }>
      ).filter((s) => s.Effect === 'Deny');
      expect(JSON.stringify(denied)).toContain(OUTSIDE_ACCOUNT);
    });

    it("traces a user's session key to the key CloudTrail shows minting it, and contains that key", async () => {
      const { id, iam, publish } = account(which);
      const judy = (await iam.send(new CreateUserCommand({ UserName: 'judy' }))).User ?? {};
      const keyId = String(
        (await iam.send(new CreateAccessKeyCommand({ UserName: 'judy' }))).AccessKey?.AccessKeyId,
      );
      const sessionKey = `ASIAJUDYSESSION${which === 'own' ? '00001' : '00002'}`;
      twin.cloudTrail.add(
        trailRecord(id, judy, keyId, {
          source: 'sts.amazonaws.com',
          name: 'GetSessionToken',
          request: { durationSeconds: 43_200 },
          response: {
            credentials: {
              accessKeyId: sessionKey,
              expiration: 'Dec 6, 2026, 6:00:00 AM',
              sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE',
            },
          },
          minutesAgo: 20,
        }),
      );
      await publish(finding('judy', sessionKey));
      await approveUntilDone(keyId);
      expect(await keyStatusOf('judy', keyId, iam)).toBe('Inactive');
    });
  },
);

describe.each(['own', 'member'] as const)(
  'the deployed twin, in the %s account: AWS puts its inline quarantine policy on a user',
  (which) => {
    it("contains at once when CloudTrail shows AWS's inline policy, read back from IAM", async () => {
      const { id, iam, putEvent } = account(which);
      await iam.send(new CreateUserCommand({ UserName: 'ivan' }));
      const keyId = String(
        (await iam.send(new CreateAccessKeyCommand({ UserName: 'ivan' }))).AccessKey?.AccessKeyId,
      );
      const user = (await iam.send(new GetUserCommand({ UserName: 'ivan' }))).User;
      const event = JSON.parse(
        readFileSync(join(ROOT, 'drills/events/aws.iam/aws-inline-quarantine.json'), 'utf8'),
      );
      const detail = JSON.parse(
        JSON.stringify(event.detail)
          .replaceAll('444455556666', id)
          .replaceAll('AKIA5QXEXAMPLEBUILD1', keyId)
          .replaceAll('AIDA5QXEXAMPLEBUILD1', String(user?.UserId))
          .replaceAll('build-bot', 'ivan'),
      );
      detail.eventTime = new Date().toISOString();
      // What AWS did, as the record says: the policy is on the user in IAM.
      await iam.send(
        new PutUserPolicyCommand({
          UserName: 'ivan',
          PolicyName: detail.requestParameters.policyName,
          PolicyDocument: detail.requestParameters.policyDocument,
        }),
      );
      await putEvent('aws.iam', 'AWS API Call via CloudTrail', detail);
      await twin.runUntil(async () => {
        const keys = (await iam.send(new ListAccessKeysCommand({ UserName: 'ivan' }))).AccessKeyMetadata;
        return keys?.find((k) => k.AccessKeyId === keyId)?.Status === 'Inactive';
      }, "ivan's key inactive");
      expect(buttonsAbout(keyId, 'rekey_approve')).toEqual([]);
    });
  },
);

describe('the deployed twin: an approval nobody answers', () => {
  it('times out, says so in Slack, and escalates without changing anything', async () => {
    const keyId = await userWithKey('kate');
    await publish(finding('kate', keyId));
    await twin.runUntil(
      () => buttonsAbout(keyId, 'rekey_approve').length > 0,
      'an approval request about kate',
    );
    const run = () => twin.stateMachines.executions.find((e) => JSON.stringify(e.input).includes(keyId));
    // The 30 minutes the playbook gives a responder pass, as Step Functions times the waiting task out.
    await twin.runUntil(
      () => twin.stateMachines.timeOut(String(run()?.name)) === 1,
      "kate's approval timed out",
    );
    await twin.runUntil(() => run()?.status !== 'RUNNING', "kate's playbook done");
    expect(run()?.tasks).not.toContain('RunDeactivateKey');
    expect(await keyStatusOf('kate', keyId)).toBe('Active');
    await twin.lambdas.settled();
    expect(JSON.stringify(twin.slack.calls)).toContain('Timed out');
  });
});

describe('the deployed twin: an Identity Center session', () => {
  const adminRole = 'AWSReservedSSO_AdministratorAccess_1a2b3c4d5e6f7a8b';
  const readOnlyPrior = {
    Version: '2012-10-17',
    Statement: [{ Sid: 'NoBilling', Effect: 'Deny', Action: 'aws-portal:*', Resource: '*' }],
  };
  let sso: SSOAdminClient;
  let store: IdentitystoreClient;
  let instanceArn: string;
  let IdentityStoreId: string;
  let aliceId: string;
  /** Permission set name -> ARN. */
  const sets = new Map<string, string>();

  /** A user of the identity store; its id. */
  const user = async (UserName: string) =>
    String(
      (
        await store.send(
          new CreateIdentityStoreUserCommand({
            IdentityStoreId,
            UserName,
            DisplayName: UserName,
            Name: { GivenName: UserName, FamilyName: 'Example' },
          }),
        )
      ).UserId,
    );
  /** A group holding one member; its id. */
  const group = async (DisplayName: string, UserId: string) => {
    const GroupId = String(
      (await store.send(new CreateGroupCommand({ IdentityStoreId, DisplayName }))).GroupId,
    );
    await store.send(new CreateGroupMembershipCommand({ IdentityStoreId, GroupId, MemberId: { UserId } }));
    return GroupId;
  };
  const permissionSet = async (Name: string) =>
    sets.set(
      Name,
      String(
        (await sso.send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name }))).PermissionSet
          ?.PermissionSetArn,
      ),
    );
  /** Assigns a set to a principal in an account and provisions it, as an administrator does. */
  const assign = async (
    name: string,
    TargetId: string,
    PrincipalType: 'USER' | 'GROUP',
    PrincipalId: string,
  ) => {
    await sso.send(
      new CreateAccountAssignmentCommand({
        InstanceArn: instanceArn,
        PermissionSetArn: sets.get(name),
        TargetType: 'AWS_ACCOUNT',
        TargetId,
        PrincipalType,
        PrincipalId,
      }),
    );
    await sso.send(
      new ProvisionPermissionSetCommand({
        InstanceArn: instanceArn,
        PermissionSetArn: sets.get(name),
        TargetType: 'ALL_PROVISIONED_ACCOUNTS',
      }),
    );
  };
  /** Rekey's deny of one Identity Center user, as a permission set's inline policy holds it. */
  const denyFor = (userId: string) => ({
    Effect: 'Deny',
    Action: '*',
    Resource: '*',
    Condition: { StringEquals: { 'identitystore:userId': userId } },
  });
  const inlinePolicy = async (name: string) =>
    (
      await sso.send(
        new GetInlinePolicyForPermissionSetCommand({
          InstanceArn: instanceArn,
          PermissionSetArn: sets.get(name),
        }),
      )
    ).InlinePolicy;

  /** The Identity Center role of a permission set, as Identity Center creates it, and a finding about a session of it. */
  async function sessionFinding(roleName: string, userName: string, accessKeyId: string) {
    const trust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: {
            Federated: `arn:aws:iam::${TWIN_ACCOUNT}:saml-provider/AWSSSO_1a2b3c4d5e6f7a8b_DO_NOT_DELETE`,
          },
          Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
        },
      ],
    };
    const role = (
      await iam.send(
        new CreateRoleCommand({
          RoleName: roleName,
          Path: '/aws-reserved/sso.amazonaws.com/',
          AssumeRolePolicyDocument: JSON.stringify(trust),
        }),
      )
    ).Role;
    const detail = libraryFinding('identity-center-session-tor-caller');
    const resource = detail.resource as { accessKeyDetails: Record<string, string> };
    resource.accessKeyDetails = {
      ...resource.accessKeyDetails,
      accessKeyId,
      userName: roleName,
      principalId: `${role?.RoleId}:${userName}`,
    };
    return detail;
  }

  beforeAll(async () => {
    sso = new SSOAdminClient(twin.admin);
    store = new IdentitystoreClient(twin.admin);
    const instance = (await sso.send(new ListInstancesCommand({}))).Instances?.[0];
    instanceArn = String(instance?.InstanceArn);
    IdentityStoreId = String(instance?.IdentityStoreId);
    aliceId = await user('alice@example.com');
    const bobId = await user('bob@example.com');
    const auditors = await group('Auditors', aliceId);
    for (const name of ['AdministratorAccess', 'ReadOnly', 'Billing']) await permissionSet(name);
    await sso.send(
      new PutInlinePolicyToPermissionSetCommand({
        InstanceArn: instanceArn,
        PermissionSetArn: sets.get('ReadOnly'),
        InlinePolicy: JSON.stringify(readOnlyPrior),
      }),
    );
    // alice holds AdministratorAccess herself here, ReadOnly through her group in the member account; Billing is
    // bob's only.
    await assign('AdministratorAccess', TWIN_ACCOUNT, 'USER', aliceId);
    await assign('ReadOnly', MEMBER_ACCOUNT, 'GROUP', auditors);
    await assign('Billing', TWIN_ACCOUNT, 'USER', bobId);
    await publish(await sessionFinding(adminRole, 'alice@example.com', 'ASIASSOALICEADMIN001'));
  });

  it('once approved, denies the user in every permission set assigned to them and provisions each again', async () => {
    await approveUntilDone(adminRole);
    const run = twin.stateMachines.executions.find((e) => JSON.stringify(e.input).includes(adminRole));
    expect(run?.stateMachineArn).toMatch(/rekey-dev-identity-center-session$/);
    expect(run?.tasks).toContain('RunRevokeUserSessions');
    expect(run?.status).toBe('SUCCEEDED');
    expect(JSON.parse(String(await inlinePolicy('AdministratorAccess'))).Statement).toEqual([
      expect.objectContaining(denyFor(aliceId)),
    ]);
    expect(JSON.parse(String(await inlinePolicy('ReadOnly'))).Statement).toEqual([
      ...readOnlyPrior.Statement,
      expect.objectContaining(denyFor(aliceId)),
    ]);
    expect(await inlinePolicy('Billing')).toBeFalsy();
    // Each changed set was provisioned again, and Rekey waited for Identity Center to say it was done.
    const provisioned = twin.gateway.calls.filter((c) => c.action === 'ProvisionPermissionSet');
    expect(provisioned).toHaveLength(2);
    const polled = twin.gateway.calls.filter((c) => c.action === 'DescribePermissionSetProvisioningStatus');
    expect(polled.map((c) => c.status)).toEqual([200, 200]);
  });

  it('puts each permission set back as it was when two responders restore', async () => {
    await restoreStep(adminRole, 'revoke-user-sessions');
    await twin.runUntil(
      async () => !(await inlinePolicy('AdministratorAccess')),
      "AdministratorAccess's inline policy deleted",
    );
    expect(JSON.parse(String(await inlinePolicy('ReadOnly')))).toEqual(readOnlyPrior);
  });

  it('from a delegated administrator, finds the sets assigned to the user account by account', async () => {
    // moto provisions a set to the caller's account only (Rekey's here), so carol's sets are assigned there.
    const carolId = await user('carol@example.com');
    const operators = await group('Operators', carolId);
    for (const name of ['Support', 'PowerUser']) await permissionSet(name);
    await assign('Support', TWIN_ACCOUNT, 'USER', carolId);
    await assign('PowerUser', TWIN_ACCOUNT, 'GROUP', operators);
    const supportRole = 'AWSReservedSSO_Support_0f1e2d3c4b5a6978';
    // Identity Center lists a principal's assignments in every account to the management account only.
    twin.gateway.refuse = (c) =>
      c.action === 'ListAccountAssignmentsForPrincipal'
        ? `User: ${c.caller} is not authorized to perform: sso:ListAccountAssignmentsForPrincipal (a delegated administrator)`
        : undefined;
    try {
      await publish(await sessionFinding(supportRole, 'carol@example.com', 'ASIASSOCAROLSUPPORT1'));
      await approveUntilDone(supportRole);
    } finally {
      twin.gateway.refuse = undefined;
    }
    const run = twin.stateMachines.executions.find((e) => JSON.stringify(e.input).includes(supportRole));
    expect(run?.status).toBe('SUCCEEDED');
    expect(twin.gateway.calls.some((c) => c.stagedRefusal)).toBe(true);
    for (const name of ['Support', 'PowerUser'])
      expect(JSON.parse(String(await inlinePolicy(name))).Statement).toEqual([
        expect.objectContaining(denyFor(carolId)),
      ]);
    for (const name of ['AdministratorAccess', 'Billing']) expect(await inlinePolicy(name)).toBeFalsy();
    expect(JSON.parse(String(await inlinePolicy('ReadOnly')))).toEqual(readOnlyPrior);
  });
});

describe('the deployed twin: the root user', () => {
  it('takes the root user to people when no management role is deployed', async () => {
    const detail = libraryFinding('root-credential-usage');
    await publish(detail);
    await approveUntilDone('RootCredentialUsage');
    const run = twin.stateMachines.executions.find((e) =>
      JSON.stringify(e.input).includes('RootCredentialUsage'),
    );
    expect(run?.status).toBe('SUCCEEDED');
  });
});

describe('the deployed twin: a key nobody in the account holds', () => {
  it('goes to people through the escalate state machine, with the reason', async () => {
    await publish(finding('ghost', 'AKIAGHOSTKEY00000001'));
    const run = () =>
      twin.stateMachines.executions.find((e) => JSON.stringify(e.input).includes('AKIAGHOSTKEY00000001'));
    await twin.runUntil(() => run() !== undefined && run()?.status !== 'RUNNING', 'the escalation done');
    expect(run()?.stateMachineArn).toMatch(/rekey-dev-escalate$/);
    expect(run()?.status).toBe('SUCCEEDED');
  });
});

describe('the deployed twin: the key inventory', () => {
  it("records every key's owner, in Rekey's account and through the reader role in the member account", async () => {
    const ownKey = await userWithKey('quinn');
    const memberIam = new IAMClient(twin.member.admin);
    await memberIam.send(new CreateUserCommand({ UserName: 'iris' }));
    const memberKey = String(
      (await memberIam.send(new CreateAccessKeyCommand({ UserName: 'iris' }))).AccessKey?.AccessKeyId,
    );
    const table = String(twin.stack.functions.values().next().value?.environment.REKEY_INCIDENTS_TABLE);
    const dynamodb = new DynamoDBClient(twin.admin);
    const owner = async (account: string, key: string) =>
      (
        await dynamodb.send(
          new GetItemCommand({ TableName: table, Key: { pk: { S: `KEYOWNER#${account}#${key}` } } }),
        )
      ).Item?.userName?.S;

    twin.delivery.fireSchedules(TWIN_ACCOUNT, TWIN_REGION);

    await twin.runUntil(
      async () => (await owner(MEMBER_ACCOUNT, memberKey)) === 'iris',
      "iris's key recorded",
    );
    expect(await owner(TWIN_ACCOUNT, ownKey)).toBe('quinn');
  });
});

describe('the deployed twin: a key leaked in a member account', () => {
  let keyId: string;
  let memberIam: IAMClient;

  beforeAll(async () => {
    memberIam = new IAMClient(twin.member.admin);
    await memberIam.send(new CreateUserCommand({ UserName: 'erin' }));
    keyId = String(
      (await memberIam.send(new CreateAccessKeyCommand({ UserName: 'erin' }))).AccessKey?.AccessKeyId,
    );
    const detail = finding('erin', keyId);
    detail.accountId = MEMBER_ACCOUNT;
    detail.arn = String(detail.arn).replace(TWIN_ACCOUNT, MEMBER_ACCOUNT);
    // GuardDuty publishes it on the member account's bus; the forwarding template's rule sends it to Rekey's.
    await new EventBridgeClient(twin.member.admin).send(
      new PutEventsCommand({
        Entries: [
          { Source: 'aws.guardduty', DetailType: 'GuardDuty Finding', Detail: JSON.stringify(detail) },
        ],
      }),
    );
  });

  it('is forwarded, read through the reader role and contained through the member role once approved', async () => {
    await approveUntilDone(keyId);
    const run = twin.stateMachines.executions.find((e) => JSON.stringify(e.input).includes(keyId));
    expect(run?.status).toBe('SUCCEEDED');
    const keys = (await memberIam.send(new ListAccessKeysCommand({ UserName: 'erin' }))).AccessKeyMetadata;
    expect(keys?.find((k) => k.AccessKeyId === keyId)?.Status).toBe('Inactive');
    expect(
      (await memberIam.send(new ListUserPoliciesCommand({ UserName: 'erin' }))).PolicyNames?.length,
    ).toBe(1);
    const callers = new Set(twin.gateway.calls.map((c) => c.caller));
    expect(callers).toContain(`arn:aws:iam::${MEMBER_ACCOUNT}:role/rekey-member`);
    expect(callers).toContain(`arn:aws:iam::${MEMBER_ACCOUNT}:role/rekey-member-reader`);
  });

  it("removes the member role's deny from erin when two responders restore the session revocation", async () => {
    await restoreStep(keyId, 'revoke-sessions');
    await twin.runUntil(
      async () =>
        ((await memberIam.send(new ListUserPoliciesCommand({ UserName: 'erin' }))).PolicyNames ?? [])
          .length === 0,
      "erin's deny removed",
    );
  });

  it('refuses triage the member role, and the action function any account outside the organisation', async () => {
    const before = twin.gateway.calls.length;
    const assume = (fn: string, roleArn: string) =>
      new STSClient(twin.asFunction(fn)).send(
        new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'twin-probe' }),
      );
    await expect(
      assume('rekey-dev-triage', `arn:aws:iam::${MEMBER_ACCOUNT}:role/rekey-member`),
    ).rejects.toThrow(/not authorized to perform: sts:AssumeRole/);
    await expect(
      assume('rekey-dev-action', `arn:aws:iam::${OUTSIDE_ACCOUNT}:role/rekey-member`),
    ).rejects.toThrow(/not authorized to perform: sts:AssumeRole/);
    await expect(
      assume('rekey-dev-notify', `arn:aws:iam::${MEMBER_ACCOUNT}:role/rekey-member-reader`),
    ).rejects.toThrow(/not authorized to perform: sts:AssumeRole/);
    // The probes are the test's, not the stack's: kept out of the record of what the stack did.
    const probes = twin.gateway.calls
      .slice(before)
      .filter((c) => c.action === 'AssumeRole' && c.status === 403);
    expect(probes).toHaveLength(3);
    for (const probe of probes) twin.gateway.calls.splice(twin.gateway.calls.indexOf(probe), 1);
  });
});

describe('the deployed twin: AWS quarantines a key it found exposed', () => {
  it('contains at once when CloudTrail shows AWS attaching its quarantine policy', async () => {
    const keyId = await userWithKey('frank');
    const user = (await iam.send(new GetUserCommand({ UserName: 'frank' }))).User;
    const quarantine = 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3';
    await iam.send(new AttachUserPolicyCommand({ UserName: 'frank', PolicyArn: quarantine }));
    const event = JSON.parse(
      readFileSync(join(ROOT, 'drills/events/aws.cloudtrail/quarantine-policy-attached.json'), 'utf8'),
    );
    const detail = JSON.parse(
      JSON.stringify(event.detail)
        .replaceAll('111122223333', TWIN_ACCOUNT)
        .replaceAll('AKIAIOSFODNN7EXAMPLE', keyId)
        .replaceAll('AIDACKCEVSQ6C2EXAMPLE', String(user?.UserId))
        .replaceAll('alice', 'frank'),
    );
    detail.eventTime = new Date().toISOString();
    await new EventBridgeClient(twin.admin).send(
      new PutEventsCommand({
        Entries: [
          { Source: 'aws.iam', DetailType: 'AWS API Call via CloudTrail', Detail: JSON.stringify(detail) },
        ],
      }),
    );
    await twin.runUntil(
      async () => (await keyStatusOf('frank', keyId)) === 'Inactive',
      "frank's key inactive",
    );
    expect(buttonsAbout(keyId, 'rekey_approve')).toEqual([]);
  });
});

describe('the deployed twin: a malformed finding', () => {
  it('is rejected with the reason and kept on the dead-letter queue, and nothing is contained', async () => {
    const detail = finding('carol', 'AKIAMALFORMED0000001');
    // The rule still matches (an access key, a Tor caller), but the severity is not GuardDuty's number.
    detail.severity = 'high';
    const runs = twin.stateMachines.executions.length;
    await publish(detail);
    const queueUrl = String(
      twin.stack.functions.values().next().value?.environment.REKEY_DEAD_LETTER_QUEUE_URL,
    );
    const sqs = new SQSClient(twin.admin);
    let kept: Array<{ Body?: string }> = [];
    await twin.runUntil(async () => {
      kept =
        (await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MessageAttributeNames: ['All'] })))
          .Messages ?? [];
      return kept.length > 0;
    }, 'the rejected finding on the dead-letter queue');
    expect(kept[0]?.Body).toContain('AKIAMALFORMED0000001');
    await twin.lambdas.settled();
    expect(twin.stateMachines.executions.length).toBe(runs);
  });
});

describe('the deployed twin: a containment breached by a role session CloudTrail showed late', () => {
  it('finds the session after the 30 minutes, re-raises once triage has verified the sealed verdict, and contains the role', async () => {
    const mallory = (await iam.send(new CreateUserCommand({ UserName: 'mallory' }))).User ?? {};
    const keyId = String(
      (await iam.send(new CreateAccessKeyCommand({ UserName: 'mallory' }))).AccessKey?.AccessKeyId,
    );
    const trust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${TWIN_ACCOUNT}:root` },
          Action: 'sts:AssumeRole',
        },
      ],
    };
    const role = (
      await iam.send(
        new CreateRoleCommand({ RoleName: 'report-runner', AssumeRolePolicyDocument: JSON.stringify(trust) }),
      )
    ).Role;
    const sessionKey = 'ASIAMALLORYREPORTS01';
    const found = Date.now();
    const minutes = (n: number) => new Date(found + n * 60_000);
    // The leaked key assumed report-runner 5 minutes before the finding; CloudTrail shows it only 8 minutes after.
    twin.cloudTrail.add(
      trailRecord(TWIN_ACCOUNT, mallory, keyId, {
        source: 'sts.amazonaws.com',
        name: 'AssumeRole',
        request: { roleArn: role?.Arn, roleSessionName: 'exfil' },
        response: {
          credentials: { accessKeyId: sessionKey, sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE' },
          assumedRoleUser: {
            assumedRoleId: `${role?.RoleId}:exfil`,
            arn: `arn:aws:sts::${TWIN_ACCOUNT}:assumed-role/report-runner/exfil`,
          },
        },
        minutesAgo: 5,
      }),
      minutes(8),
    );
    // The session, which revoking mallory's sessions does not reach, lists the buckets 10 minutes after the finding.
    const call = trailRecord(TWIN_ACCOUNT, mallory, sessionKey, {
      source: 's3.amazonaws.com',
      name: 'ListBuckets',
      request: null,
      response: null,
      minutesAgo: -10,
    });
    call.userIdentity = {
      type: 'AssumedRole',
      principalId: `${role?.RoleId}:exfil`,
      arn: `arn:aws:sts::${TWIN_ACCOUNT}:assumed-role/report-runner/exfil`,
      accountId: TWIN_ACCOUNT,
      accessKeyId: sessionKey,
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: role?.RoleId, arn: role?.Arn, userName: 'report-runner' },
      },
    } as never;
    twin.cloudTrail.add(call, minutes(12));
    await publish(finding('mallory', keyId));
    await approveUntilDone(keyId);
    const runs = () => twin.stateMachines.executions.filter((e) => JSON.stringify(e.input).includes(keyId));
    const [first] = runs();
    expect(first?.tasks).toEqual(expect.arrayContaining(['RunVerifyContainment', 'Reraise']));
    expect(first?.status).toBe('SUCCEEDED');
    // The re-raised incident runs on, in the twin's time: its trace now finds the role CloudTrail shows.
    await approveUntilDone(keyId, 1);
    expect(runs()).toHaveLength(2);
    expect(runs()[1]?.name).toBe(`${first?.name}-r1`);
    expect(runs()[1]?.status).toBe('SUCCEEDED');
    const denies = (await iam.send(new ListRolePoliciesCommand({ RoleName: 'report-runner' }))).PolicyNames;
    expect(denies?.length).toBe(1);
    // Triage verified the verdict's seal before believing it (kms:VerifyMac, with its own role).
    const triageRole = [...twin.stack.functions.values()].find((f) => f.name === 'rekey-dev-triage')?.roleArn;
    expect(twin.gateway.calls.some((c) => c.caller === triageRole && c.action === 'VerifyMac')).toBe(true);
  });
});

describe('the deployed twin: a notice whose timeline S3 will not anchor', () => {
  it('fails notify, which Lambda retries twice, then keeps the event on its dead-letter queue with notify’s role', async () => {
    const notify = [...twin.stack.functions.values()].find((f) => f.name === 'rekey-dev-notify');
    const queueUrl = twin.stack.queueUrls.get(String(notify?.deadLetterArn));
    expect(queueUrl).toBeDefined();
    const keyId = await userWithKey('nina');
    // S3 unavailable to notify: the timeline's anchor cannot be written, so notify fails after sending the notice.
    twin.gateway.outage = (c) => c.caller === notify?.roleArn && c.service === 's3';
    try {
      await publish(finding('nina', keyId));
      await twin.runUntil(
        () => twin.lambdas.deadLettered.some((d) => d.functionName === 'rekey-dev-notify'),
        "notify's event on its dead-letter queue",
      );
    } finally {
      twin.gateway.outage = undefined;
    }
    const failed = twin.lambdas.invocations.filter(
      (i) => i.functionName === 'rekey-dev-notify' && i.error !== undefined,
    );
    expect(failed.length).toBeGreaterThanOrEqual(3);
    const kept = await new SQSClient(twin.admin).send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MessageAttributeNames: ['All'],
        MaxNumberOfMessages: 10,
      }),
    );
    const about = kept.Messages?.find((m) => m.Body?.includes(keyId));
    expect(about?.MessageAttributes?.ErrorMessage?.StringValue).toBeDefined();
  });

  it('posts a playbook notice once when Lambda runs its invocation twice, believing only its own sealed record', async () => {
    const run = twin.stateMachines.executions.find((e) => JSON.stringify(e.input).includes('nina'));
    const incident = (run?.input as { incident?: unknown } | undefined)?.incident;
    expect(incident).toBeDefined();
    // As a notify state hands it over (its id made by States.UUID), delivered twice by Lambda's asynchronous queue.
    const payload = {
      incident,
      kind: 'escalated',
      details: { Error: 'NotContainableError', Cause: 'twin-notice-delivered-twice' },
      noticeId: '3f0c8a52-1b7e-4d5a-9c3e-8e2f7a6b1d40',
    };
    await twin.lambdas.invoke('rekey-dev-notify', payload, { async: true });
    await twin.lambdas.invoke('rekey-dev-notify', payload, { async: true });
    const posted = twin.slack.calls.filter(
      (c) =>
        c.method === 'chat.postMessage' && JSON.stringify(c.args).includes('twin-notice-delivered-twice'),
    );
    expect(posted).toHaveLength(1);
  });
});

describe('the deployed twin: a finding triage fails on while DynamoDB is down', () => {
  it("is kept on the dead-letter queue with triage's role after Lambda's retries, and triaged when sent again", async () => {
    const triage = [...twin.stack.functions.values()].find((f) => f.name === 'rekey-dev-triage');
    const queueUrl = twin.stack.queueUrls.get(String(triage?.deadLetterArn));
    expect(queueUrl).toBeDefined();
    const keyId = await userWithKey('olga');
    const started = () => twin.stateMachines.executions.some((e) => JSON.stringify(e.input).includes(keyId));
    // EventBridge delivered it (its retryPolicy is spent on delivery only): Lambda's three attempts all fail.
    twin.gateway.outage = (c) => c.caller === triage?.roleArn && c.service === 'dynamodb';
    try {
      await publish(finding('olga', keyId));
      await twin.runUntil(
        () => twin.lambdas.deadLettered.some((d) => d.functionName === 'rekey-dev-triage'),
        "triage's event on its dead-letter queue",
      );
    } finally {
      twin.gateway.outage = undefined;
    }
    expect(
      twin.lambdas.invocations.filter((i) => i.functionName === 'rekey-dev-triage' && i.error !== undefined)
        .length,
    ).toBeGreaterThanOrEqual(3);
    expect(started()).toBe(false);
    const kept = await new SQSClient(twin.admin).send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MessageAttributeNames: ['All'],
        MaxNumberOfMessages: 10,
      }),
    );
    const event = kept.Messages?.find((m) => m.Body?.includes(keyId));
    expect(event?.MessageAttributes?.ErrorMessage?.StringValue).toBeDefined();
    // Sent again as docs/deploying.md says (triage invoked asynchronously with the kept event): not lost.
    twin.lambdas.invokeAsync('rekey-dev-triage', JSON.parse(String(event?.Body)));
    await twin.runUntil(
      () => buttonsAbout(keyId, 'rekey_approve').length > 0,
      'an approval request in Slack',
    );
    expect(started()).toBe(true);
  });
});

describe('the deployed twin: a run stopped by hand while S3 is down for the review', () => {
  it("closes its incident escalated from Step Functions' status event, keeping the event the review failed on", async () => {
    const review = [...twin.stack.functions.values()].find((f) => f.name === 'rekey-dev-review');
    const environment = twin.stack.functions.values().next().value?.environment ?? {};
    const keyId = await userWithKey('petra');
    await publish(finding('petra', keyId));
    await twin.runUntil(
      () => buttonsAbout(keyId, 'rekey_approve').length > 0,
      'an approval request in Slack',
    );
    const run = twin.stateMachines.executions.find((e) => JSON.stringify(e.input).includes(keyId));
    if (!run) throw new Error('no run about the key');
    const incident = async () =>
      (
        await new DynamoDBClient(twin.admin).send(
          new GetItemCommand({
            TableName: String(environment.REKEY_INCIDENTS_TABLE),
            Key: { pk: { S: `INCIDENT#${run.name}` } },
          }),
        )
      ).Item?.status?.S;
    const reviewed = () =>
      new S3Client({ ...twin.admin, forcePathStyle: true })
        .send(
          new HeadObjectCommand({
            Bucket: String(environment.REKEY_REVIEWS_BUCKET),
            Key: `reviews/${run.name}.md`,
          }),
        )
        .then(
          () => true,
          () => false,
        );
    // The operator stops the run waiting for approval; the review cannot write to S3 meanwhile.
    twin.gateway.outage = (c) => c.caller === review?.roleArn && c.service === 's3';
    try {
      await twin.stopExecution(run.arn, 'Stopped', 'stopped by the on-call engineer');
      await twin.runUntil(
        () => twin.lambdas.deadLettered.some((d) => d.functionName === 'rekey-dev-review'),
        "the review's event on its dead-letter queue",
      );
    } finally {
      twin.gateway.outage = undefined;
    }
    expect(run.status).toBe('ABORTED');
    expect(await reviewed()).toBe(false);
    const kept = await new SQSClient(twin.admin).send(
      new ReceiveMessageCommand({
        QueueUrl: twin.stack.queueUrls.get(String(review?.deadLetterArn)),
        MaxNumberOfMessages: 10,
      }),
    );
    const event = kept.Messages?.map((m) => JSON.parse(String(m.Body))).find(
      (e) => e.detail?.name === run.name,
    );
    expect(event).toMatchObject({ source: 'aws.states', detail: { status: 'ABORTED', error: 'Stopped' } });
    // Sent again once S3 is back: the incident closed escalated, its review written.
    twin.lambdas.invokeAsync('rekey-dev-review', event);
    await twin.runUntil(reviewed, 'the review in S3');
    expect(await incident()).toBe('closed');
    // Told once, by the attempt that closed it: its retries and the re-sent event owed only the review.
    const escalations = twin.slack.calls.filter(
      (c) =>
        c.method === 'chat.postMessage' &&
        JSON.stringify(c.args).includes(run.name) &&
        JSON.stringify(c.args).includes('Escalated'),
    );
    expect(escalations).toHaveLength(1);
    expect(await keyStatusOf('petra', keyId)).toBe('Active');
    // The review's key missing again, as when the review first asked for it: the permission check at the end
    // replays that HeadObject, whose 404 (not 403) needs s3:ListBucket only while the key is missing.
    await twin.withoutChecks(() =>
      new S3Client({ ...twin.admin, endpoint: twin.moto.endpoint, forcePathStyle: true }).send(
        new DeleteObjectCommand({
          Bucket: String(environment.REKEY_REVIEWS_BUCKET),
          Key: `reviews/${run.name}.md`,
        }),
      ),
    );
    expect(await reviewed()).toBe(false);
  });
});

/** An AWS rotation function template's lines about a secret, as CloudWatch Logs holds them. */
async function rotationLog(config: typeof twin.admin, functionName: string, lines: string[]): Promise<void> {
  const logs = new CloudWatchLogsClient(config);
  const group = `/aws/lambda/${functionName}`;
  await logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch((error: Error) => {
    if (error.name !== 'ResourceAlreadyExistsException') throw error;
  });
  const stream = `2026/12/05/[$LATEST]${randomUUID().replaceAll('-', '')}`;
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
  await logs.send(
    new PutLogEventsCommand({
      logGroupName: group,
      logStreamName: stream,
      logEvents: lines.map((message) => ({ timestamp: Date.now(), message })),
    }),
  );
}

describe.each(['own', 'member'] as const)(
  'the deployed twin, in the %s account: secrets read by filter, one with a rotation stopped over an hour before',
  (which) => {
    let stuckArn: string;
    let stuckVersion: string | undefined;

    beforeAll(async () => {
      const { id, iam, config } = account(which);
      const trust = {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      };
      const role = (
        await iam.send(
          new CreateRoleCommand({
            RoleName: 'analytics-role',
            AssumeRolePolicyDocument: JSON.stringify(trust),
          }),
        )
      ).Role;
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: 'analytics-role',
          PolicyName: 'read-report-secrets',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: 'secretsmanager:GetSecretValue',
                Resource: `arn:aws:secretsmanager:us-east-1:${id}:secret:prod/reports/*`,
              },
            ],
          }),
        }),
      );
      const secrets = new SecretsManagerClient(config);
      stuckArn = String(
        (
          await secrets.send(
            new CreateSecretCommand({ Name: 'prod/reports/warehouse', SecretString: 'warehouse-pw-0001' }),
          )
        ).ARN,
      );
      await secrets.send(
        new CreateSecretCommand({ Name: 'prod/billing/api-key', SecretString: 'billing-0001' }),
      );
      // Rotation set up 30 days ago and run; today's scheduled rotation stopped: its function's createSecret step
      // put the new version as AWSPENDING, then setSecret could not sign in to the database, before it changed the
      // password, and said so in its log, as AWS's rotation function templates do.
      await withRotation(config, stuckArn, 'reports-rotation');
      stuckVersion = (
        await secrets.send(
          new PutSecretValueCommand({
            SecretId: stuckArn,
            SecretString: 'warehouse-pw-0002',
            VersionStages: ['AWSPENDING'],
          }),
        )
      ).VersionId;
      await rotationLog(config, 'SecretsManagerreports-rotation', [
        `createSecret: Successfully put secret for ARN ${stuckArn} and version ${stuckVersion}.`,
        `setSecret: Unable to log into database with previous, current, or pending secret of secret arn ${stuckArn}`,
      ]);
      // 70 minutes later, a session of analytics-role reads secrets by a tag filter: CloudTrail's record names none.
      const later = new Date(Date.now() + 70 * 60_000);
      const event = JSON.parse(
        readFileSync(join(ROOT, 'drills/events/aws.secretsmanager/secret-filtered-batch-read.json'), 'utf8'),
      );
      const detail = JSON.parse(JSON.stringify(event.detail).replaceAll('111122223333', id));
      detail.eventTime = later.toISOString().replace(/\.\d+Z$/, 'Z');
      detail.userIdentity.principalId = `${role?.RoleId}:notebook-7`;
      detail.userIdentity.accessKeyId = `ASIA5ANALYTICS0${which === 'own' ? 'OWN1' : 'MBR1'}`;
      detail.userIdentity.sessionContext.sessionIssuer.principalId = role?.RoleId;
      detail.userIdentity.sessionContext.attributes.creationDate = new Date(later.getTime() - 600_000)
        .toISOString()
        .replace(/\.\d+Z$/, 'Z');
      await new EventBridgeClient(config).send(
        new PutEventsCommand({
          Entries: [
            {
              Source: 'aws.secretsmanager',
              DetailType: 'AWS API Call via CloudTrail',
              Detail: JSON.stringify(detail),
              Time: later,
            },
          ],
        }),
      );
    });

    it('contains the reader for the secret it could read, discarding the stopped rotation its function logged, then rotating', async () => {
      const { id, config, iam } = account(which);
      const marker = `arn:aws:iam::${id}:role/analytics-role`;
      await approveUntilDone(marker);
      const run = twin.stateMachines.executions.find((e) => JSON.stringify(e.input).includes(marker));
      expect(run?.status, JSON.stringify(run?.output)).toBe('SUCCEEDED');
      const secrets = new SecretsManagerClient(config);
      const stages = (await secrets.send(new DescribeSecretCommand({ SecretId: stuckArn })))
        .VersionIdsToStages;
      // The stopped version lost AWSPENDING (its function never set its password); a rotation of Rekey's is current.
      expect(stages?.[String(stuckVersion)] ?? [], JSON.stringify(run?.output)).not.toContain('AWSPENDING');
      expect(stages?.[String(stuckVersion)] ?? []).not.toContain('AWSCURRENT');
      const policy = await secrets.send(new GetResourcePolicyCommand({ SecretId: stuckArn }));
      expect(String(policy.ResourcePolicy)).toContain('analytics-role');
      // The billing key was not readable by the role's policies: left alone.
      const billing = await secrets.send(new GetResourcePolicyCommand({ SecretId: 'prod/billing/api-key' }));
      expect(billing.ResourcePolicy).toBeUndefined();
      expect(
        (await iam.send(new ListRolePoliciesCommand({ RoleName: 'analytics-role' }))).PolicyNames?.length,
      ).toBeGreaterThan(1);
    });
  },
);

describe('the deployed twin: the stack as a whole', () => {
  it('made every AWS call with its own role, and AWS allowed each one', () => {
    const refused = twin.gateway.calls.filter(
      (c) => !c.stagedRefusal && (c.status === 403 || /AccessDenied|Unauthorized/.test(c.error ?? '')),
    );
    expect(refused).toEqual([]);
    // Every rule's target was allowed to be invoked by it (a Lambda permission for each rule that delivered).
    expect(twin.delivery.refused).toEqual([]);
    // Failures are AWS's only where a scenario staged an outage.
    expect(twin.gateway.calls.filter((c) => c.status >= 500 && !c.outage)).toEqual([]);
    // Each function with its own role, each state machine with its own; no call by anyone else.
    const callers = new Set(twin.gateway.calls.map((c) => c.caller));
    const functionRoles = new Set([...twin.stack.functions.values()].map((f) => f.roleArn));
    for (const role of functionRoles) expect(callers).toContain(role);
    const stackRoles = new Set(
      [twin.stack, twin.member.roles, twin.member.forwarding].flatMap((s) =>
        [...s.roles.values()].map((r) => r.arn),
      ),
    );
    const strangers = twin.gateway.calls.filter((c) => !stackRoles.has(c.caller));
    expect(strangers.map((c) => `${c.caller} ${c.service}:${c.action}`)).toEqual([]);
  });

  it('needs every permission it was given: each removed in turn, the call that used it is refused', async () => {
    await twin.lambdas.settled();
    const checks = await removeEachPermission(
      [
        { stack: twin.stack, admin: twin.admin },
        { stack: twin.member.roles, admin: twin.member.admin },
        { stack: twin.member.forwarding, admin: twin.member.admin },
      ],
      twin.gateway.calls,
    );
    expect(checks.filter((c) => c.outcome === 'still-allowed')).toEqual([]);
    const notExercised = checks
      .filter((c) => c.outcome === 'not-exercised')
      .map((c) => `${c.role} ${c.action}`);
    writeFileSync(join(twin.workDir, 'permissions.json'), `${JSON.stringify(checks, null, 2)}\n`);
    expect(notExercised).toEqual(NOT_EXERCISED);
  });

  it('never writes the Slack secret to a function log', () => {
    const logs = readdirSync(join(twin.workDir, 'logs')).map((f) =>
      readFileSync(join(twin.workDir, 'logs', f), 'utf8'),
    );
    expect(logs.length).toBeGreaterThan(0);
    for (const log of logs) {
      expect(log).not.toContain(TWIN_SLACK_SECRET.botToken);
      expect(log).not.toContain(TWIN_SLACK_SECRET.signingSecret);
    }
  });
});
