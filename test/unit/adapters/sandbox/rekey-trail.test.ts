import { describe, expect, it } from 'vitest';
import {
  rekeyCallEvent,
  rekeyEventId,
  rekeySession,
  trailEventId,
} from '../../../../src/adapters/sandbox/rekey-trail.js';
import { SandboxAccount } from '../../../../src/adapters/sandbox/sandbox-account.js';
import { sharedOrganisation } from '../../../../src/adapters/sandbox/sandbox-account-seed.js';
import { callRecord } from '../../../../src/adapters/sandbox/sandbox-cloudtrail.js';
import { ACCESS_KEY_ID } from '../../../../src/domain/access-key.js';
import { AccessDeniedError, ThrottlingError } from '../../../../src/domain/errors.js';
import type { PolicyDocument } from '../../../../src/domain/policy-document.js';
import { ManualClock } from '../../../support/fixed-clock.js';

const DATA = '444455556666';
const MANAGEMENT = '111100001111';
const START = '2026-11-28T09:00:00Z';
const KEY = 'AKIAWORKLOADSALICE01';

const allow = (actions: string[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
});
const member = {
  arn: `arn:aws:iam::${DATA}:role/rekey-member`,
  policies: [{ name: 'member', document: allow(['iam:*', 'secretsmanager:*', 'cloudtrail:LookupEvents']) }],
};
const reader = {
  arn: `arn:aws:iam::${DATA}:role/rekey-member-reader`,
  policies: [{ name: 'read', document: allow(['iam:Get*', 'iam:List*']) }],
};

/** A member account whose SCP denies iam:UpdateAccessKey to Rekey's member role only. */
function account(options: { delaySeconds?: number; scp?: boolean; throttleEvery?: number } = {}) {
  const clock = new ManualClock(START);
  const shared = options.scp
    ? sharedOrganisation({
        managementAccountId: MANAGEMENT,
        policies: [
          {
            id: 'p-norekeykeys',
            name: 'no-rekey-key-changes',
            targets: [DATA],
            document: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Deny',
                  Action: 'iam:UpdateAccessKey',
                  Resource: '*',
                  Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/rekey-member' } },
                },
              ],
            },
          },
        ],
      })
    : undefined;
  const sandbox = new SandboxAccount(
    {
      id: DATA,
      region: 'eu-west-1',
      cloudTrailDelaySeconds: options.delaySeconds ?? 0,
      users: [{ name: 'alice', accessKeys: [{ id: KEY, createdAt: '2025-03-02T10:00:00Z' }] }],
      secrets: [{ name: 'prod/db' }],
      ...(options.throttleEvery ? { faults: { throttleIamChangesEvery: options.throttleEvery } } : {}),
    },
    clock,
    member,
    shared,
    reader,
  );
  return { sandbox, clock };
}

const rekeyEvents = (sandbox: SandboxAccount) =>
  sandbox.auditEvents.filter((e) => e.principalArn?.includes(':assumed-role/rekey-member'));

describe("Rekey's own calls in a sandbox account's CloudTrail", () => {
  it('writes a call as AWS does: by the role session Rekey holds, with the session issuer, in the account that received it', () => {
    const identity = rekeySession(member, DATA, START);
    const record = callRecord(
      {
        id: DATA,
        findAccessKey: () => undefined,
        findSession: () => undefined,
        isRootKey: () => false,
        findOutsider: () => undefined,
      },
      {
        accessKeyId: String(identity.accessKeyId),
        action: 'iam:UpdateAccessKey',
        userIdentity: identity,
        requestParameters: { userName: 'alice', accessKeyId: KEY, status: 'Inactive' },
        errorMessage: 'User: ... is not authorized',
      },
      'AccessDenied',
      new Date('2026-11-28T09:03:00.250Z'),
      'us-east-1',
      'rekey-1',
    );
    expect(record).toMatchObject({
      userIdentity: {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${DATA}:assumed-role/rekey-member/rekey`,
        accountId: DATA,
        sessionContext: {
          sessionIssuer: { type: 'Role', arn: member.arn, accountId: DATA, userName: 'rekey-member' },
          attributes: { creationDate: START, mfaAuthenticated: 'false' },
        },
      },
      eventTime: '2026-11-28T09:03:00Z',
      eventSource: 'iam.amazonaws.com',
      eventName: 'UpdateAccessKey',
      requestParameters: { userName: 'alice', accessKeyId: KEY, status: 'Inactive' },
      responseElements: null,
      errorCode: 'AccessDenied',
      errorMessage: 'User: ... is not authorized',
      recipientAccountId: DATA,
    });
    expect(String((record.userIdentity as { principalId: string }).principalId)).toMatch(/^AROA\w+:rekey$/);
  });

  it("records Rekey's successful IAM change in us-east-1 (IAM is global), naming the user it changed", async () => {
    const { sandbox } = account();
    await sandbox.identity().updateAccessKeyStatus('alice', KEY, 'Inactive');
    const [event] = rekeyEvents(sandbox);
    expect(event).toMatchObject({
      eventName: 'UpdateAccessKey',
      eventSource: 'iam.amazonaws.com',
      region: 'us-east-1',
      principalType: 'AssumedRole',
      principalArn: `arn:aws:sts::${DATA}:assumed-role/rekey-member/rekey`,
      sessionIssuerArn: member.arn,
      targetUser: 'alice',
    });
    expect(event?.errorCode).toBeUndefined();
    expect(event?.accessKeyId).not.toBe(KEY);
  });

  it('records a refused call in the call log as (refused) and in CloudTrail with AccessDenied and its message, changing nothing', async () => {
    const { sandbox } = account({ scp: true });
    await expect(sandbox.identity().updateAccessKeyStatus('alice', KEY, 'Inactive')).rejects.toThrow(
      AccessDeniedError,
    );
    expect(sandbox.apiCalls.map((c) => c.operation)).toEqual(['UpdateAccessKey (refused)']);
    expect(sandbox.findAccessKey(KEY)?.key.status).toBe('Active');
    expect(rekeyEvents(sandbox)).toEqual([
      expect.objectContaining({
        eventName: 'UpdateAccessKey',
        errorCode: 'AccessDenied',
        errorMessage: expect.stringMatching(
          /assumed-role\/rekey-member\/rekey is not authorized to perform: iam:UpdateAccessKey .* explicit deny in a service control policy/,
        ),
        targetUser: 'alice',
      }),
    ]);
  });

  it("records a call IAM received and failed with IAM's error, as CloudTrail does: a missing user, policy or profile", async () => {
    const { sandbox } = account();
    const iam = sandbox.identity();
    expect(await iam.getPrincipal({ kind: 'user', name: 'bob' })).toBeUndefined();
    expect(await iam.getInlinePolicy({ kind: 'user', name: 'alice' }, 'rekey-deny')).toBeUndefined();
    await expect(iam.deleteLoginProfile('alice')).rejects.toThrow(
      /Login Profile for User alice cannot be found/,
    );
    await expect(iam.updateAccessKeyStatus('alice', 'AKIANOSUCHKEY0000001', 'Inactive')).rejects.toThrow();
    await expect(
      iam.simulatePrincipalPolicy(`arn:aws:iam::${DATA}:user/bob`, ['s3:GetObject'], ['*']),
    ).rejects.toThrow(/does not exist/);
    await iam.listAccessKeys('alice');
    expect(rekeyEvents(sandbox).map((e) => [e.eventName, e.errorCode, e.errorMessage])).toEqual([
      ['GetUser', 'NoSuchEntityException', 'The user with name bob cannot be found.'],
      ['GetUserPolicy', 'NoSuchEntityException', 'The user policy with name rekey-deny cannot be found.'],
      ['DeleteLoginProfile', 'NoSuchEntityException', 'Login Profile for User alice cannot be found.'],
      [
        'UpdateAccessKey',
        'NoSuchEntityException',
        'The Access Key with id AKIANOSUCHKEY0000001 cannot be found.',
      ],
      [
        'SimulatePrincipalPolicy',
        'InvalidInputException',
        `PolicySourceArn arn:aws:iam::${DATA}:user/bob does not exist`,
      ],
      ['ListAccessKeys', undefined, undefined],
    ]);
  });

  it('records a RotateSecret Secrets Manager refused (no rotation function) with InvalidRequestException', async () => {
    const { sandbox } = account();
    await expect(sandbox.secretsPort().rotate('prod/db', 'token-1')).rejects.toThrow(
      /No Lambda rotation function ARN is associated with this secret/,
    );
    expect(rekeyEvents(sandbox).filter((e) => e.eventName === 'RotateSecret')).toEqual([
      expect.objectContaining({
        errorCode: 'InvalidRequestException',
        errorMessage: expect.stringMatching(/No Lambda rotation function ARN/),
      }),
    ]);
  });

  it('records a policy IAM would not create with its error and no created policy', async () => {
    const { sandbox } = account();
    const iam = sandbox.identity();
    await iam.createManagedPolicy('rekey-deny-rk-1', allow(['s3:GetObject']), 'a deny');
    await expect(
      iam.createManagedPolicy('rekey-deny-rk-1', allow(['s3:GetObject']), 'a deny'),
    ).rejects.toThrow(/already exists/);
    const [made, again] = rekeyEvents(sandbox);
    expect(made).toMatchObject({ eventName: 'CreatePolicy', createdPolicyArn: expect.any(String) });
    expect(made?.errorCode).toBeUndefined();
    expect(again).toMatchObject({ eventName: 'CreatePolicy', errorCode: 'EntityAlreadyExistsException' });
    expect(again?.createdPolicyArn).toBeUndefined();
  });

  it("records Secrets Manager's refusal with its own code, AccessDeniedException, naming the secret and no value", async () => {
    const clock = new ManualClock(START);
    const sandbox = new SandboxAccount({ id: DATA, secrets: [{ name: 'prod/db' }] }, clock, {
      ...member,
      policies: [{ name: 'member', document: allow(['secretsmanager:ListSecrets']) }],
    });
    await expect(sandbox.secretsPort().getResourcePolicy('prod/db')).rejects.toThrow(AccessDeniedError);
    expect(sandbox.apiCalls.map((c) => c.operation)).toEqual(['GetResourcePolicy (refused)']);
    const [event] = rekeyEvents(sandbox);
    expect(event).toMatchObject({
      eventSource: 'secretsmanager.amazonaws.com',
      eventName: 'GetResourcePolicy',
      errorCode: 'AccessDeniedException',
    });
  });

  it("records triage's reads as the reader role's session", async () => {
    const { sandbox } = account();
    await sandbox.identity('reader').getPrincipal({ kind: 'user', name: 'alice' });
    expect(sandbox.auditEvents.at(-1)).toMatchObject({
      eventName: 'GetUser',
      principalArn: `arn:aws:sts::${DATA}:assumed-role/rekey-member-reader/rekey`,
      sessionIssuerArn: reader.arn,
    });
  });

  it('records each throttled attempt with Throttling, as CloudTrail does', async () => {
    const { sandbox } = account({ throttleEvery: 2 });
    await sandbox.identity().updateAccessKeyStatus('alice', KEY, 'Inactive');
    await expect(sandbox.identity().updateAccessKeyStatus('alice', KEY, 'Active')).rejects.toThrow(
      ThrottlingError,
    );
    expect(rekeyEvents(sandbox).map((e) => e.errorCode ?? 'Success')).toEqual(['Success', 'Throttling']);
  });

  it("shows Rekey's records only once CloudTrail's delay has passed, as any other record", async () => {
    const { sandbox, clock } = account({ delaySeconds: 300, scp: true });
    await expect(sandbox.identity().updateAccessKeyStatus('alice', KEY, 'Inactive')).rejects.toThrow();
    const trail = sandbox.auditTrailPort('us-east-1');
    const look = () => trail.eventsByName('UpdateAccessKey', new Date(START), clock.now(), 50);
    expect((await look()).events).toEqual([]);
    clock.advance(300_000);
    expect((await look()).events.map((e) => e.errorCode)).toEqual(['AccessDenied']);
  });

  it("never writes Rekey's records under the key it investigates, and records its own lookups", async () => {
    const { sandbox, clock } = account();
    await sandbox.identity().updateAccessKeyStatus('alice', KEY, 'Inactive');
    const { events } = await sandbox
      .auditTrailPort(undefined, 'reader')
      .eventsByAccessKey(KEY, new Date(START), clock.now(), 50);
    expect(events).toEqual([]);
    expect(sandbox.auditEvents.at(-1)).toMatchObject({
      eventName: 'LookupEvents',
      eventSource: 'cloudtrail.amazonaws.com',
      principalArn: `arn:aws:sts::${DATA}:assumed-role/rekey-member-reader/rekey`,
    });
  });

  it('gives each of its records a UUID eventID, as CloudTrail does, that a drill record named like rekey-1 cannot share', async () => {
    const { sandbox } = account();
    await sandbox.identity().updateAccessKeyStatus('alice', KEY, 'Inactive');
    await sandbox.identity().updateAccessKeyStatus('alice', KEY, 'Active');
    const ids = rekeyEvents(sandbox).map((e) => e.eventId);
    expect(ids).toHaveLength(2);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(2);
    expect(rekeyEventId(DATA, 1)).toBe(rekeyEventId(DATA, 1));
    expect(rekeyEventId(DATA, 1)).not.toBe(rekeyEventId(MANAGEMENT, 1));
    // A call the drill replays is numbered in the same CloudTrail: its id is a UUID of its own too.
    expect(trailEventId('replayed', DATA, 1)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(trailEventId('replayed', DATA, 1)).not.toBe(rekeyEventId(DATA, 1));
  });

  it('writes nothing for an account where the drill gives Rekey no role', () => {
    const clock = new ManualClock(START);
    const sandbox = new SandboxAccount({ id: DATA, users: [{ name: 'alice' }] }, clock);
    sandbox.record('GetUser', 'alice', { service: 'iam' });
    expect(sandbox.auditEvents).toEqual([]);
    expect(
      rekeyCallEvent(
        sandbox,
        { service: 'sts', operation: 'AssumeRoot', userIdentity: rekeySession(member, DATA, START) },
        { code: 'Success' },
        clock.now(),
      ).region,
    ).toBe('us-east-1');
  });
});

describe("Rekey's role session as CloudTrail names it", () => {
  it('signs with a session key id shaped as AWS gives one (20 characters, ASIA), under a 21-character role id', () => {
    const identity = rekeySession(member, DATA, START) as {
      accessKeyId: string;
      principalId: string;
    };
    expect(identity.accessKeyId).toMatch(ACCESS_KEY_ID);
    expect(identity.principalId).toMatch(/^AROA[A-Z0-9]{17}:rekey$/);
  });
});
