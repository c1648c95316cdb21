/**
 * The packaged stack, end to end on the twin: a GuardDuty finding about a leaked key, delivered by moto's bus,
 * contained by the bundles with their own roles once a responder approves in Slack, reviewed, and restored.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeEachPermission } from './permission-removal.js';
import { click, postedButtons } from './slack-clicks.js';
import { startTwin, TWIN_ACCOUNT, TWIN_RESPONDERS, TWIN_SLACK_SECRET, type Twin } from './twin.js';

const [TWIN_RESPONDER] = TWIN_RESPONDERS;

const ROOT = join(import.meta.dirname, '..');

/** The GuardDuty finding of the event library, about `keyId` of `user` in the twin's account, published now. */
function finding(user: string, keyId: string): Record<string, unknown> {
  const event = JSON.parse(
    readFileSync(join(ROOT, 'drills/events/aws.guardduty/iam-user-tor-caller.json'), 'utf8'),
  );
  const detail = event.detail;
  const now = new Date().toISOString();
  detail.accountId = TWIN_ACCOUNT;
  detail.arn = String(detail.arn).replace('111122223333', TWIN_ACCOUNT);
  detail.resource.accessKeyDetails = {
    ...detail.resource.accessKeyDetails,
    accessKeyId: keyId,
    userName: user,
  };
  detail.createdAt = now;
  detail.updatedAt = now;
  detail.service.eventFirstSeen = now;
  detail.service.eventLastSeen = now;
  return detail;
}

describe('the deployed twin: a leaked key reported by GuardDuty', () => {
  let twin: Twin;
  let iam: IAMClient;
  let keyId: string;

  beforeAll(async () => {
    twin = await startTwin();
    iam = new IAMClient(twin.admin);
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    keyId = String(
      (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey?.AccessKeyId,
    );
    // As the member account's forwarding rule delivers it: the finding, unchanged, on the central bus.
    await new EventBridgeClient(twin.admin).send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'aws.guardduty',
            DetailType: 'GuardDuty Finding',
            Detail: JSON.stringify(finding('alice', keyId)),
          },
        ],
      }),
    );
  });

  afterAll(async () => {
    await twin?.stop();
  });

  const keyStatus = async () =>
    (await iam.send(new ListAccessKeysCommand({ UserName: 'alice' }))).AccessKeyMetadata?.find(
      (k) => k.AccessKeyId === keyId,
    )?.Status;
  const approveButton = () => postedButtons(twin.slack).find((b) => b.actionId === 'rekey_approve');

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
    const answer = await click(
      twin.httpApi.url,
      button,
      TWIN_RESPONDER.slackUserId,
      TWIN_SLACK_SECRET.signingSecret,
    );
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
    await twin.moto.pauseAuthorization();
    let stdout: string;
    try {
      ({ stdout } = await promisify(execFile)(
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
            AWS_ENDPOINT_URL: twin.gateway.url,
            AWS_REGION: 'us-east-1',
            AWS_ACCESS_KEY_ID: twin.admin.credentials.accessKeyId,
            AWS_SECRET_ACCESS_KEY: twin.admin.credentials.secretAccessKey,
          },
        },
      ));
    } finally {
      await twin.moto.enforceAuthorization();
    }
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
    expect(
      (await click(twin.httpApi.url, deactivation, first.slackUserId, TWIN_SLACK_SECRET.signingSecret))
        .status,
    ).toBe(200);
    // One responder is not enough: nothing is put back yet.
    await twin.lambdas.settled();
    await twin.delivery.pump();
    await twin.lambdas.settled();
    expect(await keyStatus()).toBe('Inactive');
    expect(
      (await click(twin.httpApi.url, deactivation, second.slackUserId, TWIN_SLACK_SECRET.signingSecret))
        .status,
    ).toBe(200);
    await twin.runUntil(async () => (await keyStatus()) === 'Active', 'the key active again');
  });

  it('made every AWS call with its own role, and AWS allowed each one', () => {
    const refused = twin.gateway.calls.filter(
      (c) => c.status === 403 || /AccessDenied|Unauthorized/.test(c.error ?? ''),
    );
    expect(refused).toEqual([]);
    expect(twin.gateway.calls.filter((c) => c.status >= 500)).toEqual([]);
    // Each function with its own role, each state machine with its own; no call by anyone else.
    const callers = new Set(twin.gateway.calls.map((c) => c.caller));
    const functionRoles = new Set([...twin.stack.functions.values()].map((f) => f.roleArn));
    for (const role of functionRoles) expect(callers).toContain(role);
    const stackRoles = new Set([...twin.stack.roles.values()].map((r) => r.arn));
    for (const caller of callers) expect(stackRoles).toContain(caller);
  });

  it('needs every permission it was given: each removed in turn, the call that used it is refused', async () => {
    await twin.lambdas.settled();
    const checks = await removeEachPermission(twin.stack, twin.gateway.calls, twin.admin);
    expect(checks.filter((c) => c.outcome === 'still-allowed')).toEqual([]);
    const notExercised = checks
      .filter((c) => c.outcome === 'not-exercised')
      .map((c) => `${c.role} ${c.action}`);
    console.log(
      `refused ${checks.filter((c) => c.outcome === 'refused').length}; not exercised ${notExercised.length}:\n${notExercised.join('\n')}`,
    );
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
