import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import type { AccountSeedInput } from '../../../src/adapters/sandbox/account-seed.js';
import { simulateCall } from '../../../src/adapters/sandbox/request-simulator.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { rollback } from '../../../src/app/rollback.js';
import { runSteps, type StepRequest } from '../../../src/app/run-steps.js';
import type { SecretRead } from '../../../src/domain/actions.js';
import { NotContainableError } from '../../../src/domain/errors.js';
import { ManualClock } from '../../support/fixed-clock.js';

const account = '111122223333';
const user = `arn:aws:iam::${account}:user/svc-reporting`;
const role = `arn:aws:iam::${account}:role/analytics-role`;
const KEY = 'AKIA4SVCREPORTING001';
const OTHER_KEY = 'AKIA4SVCREPORTING002';
const SESSION = 'ASIA5ANALYTICS0SESS1';
const rotation = `arn:aws:lambda:us-east-1:${account}:function:SecretsManagerRotationSingleUser`;
const allowRead = (resource: string) => ({
  Version: '2012-10-17' as const,
  Statement: [{ Effect: 'Allow' as const, Action: 'secretsmanager:GetSecretValue', Resource: resource }],
});
const denyTo = (principal: string) => ({
  Version: '2012-10-17' as const,
  Statement: [
    {
      Effect: 'Deny' as const,
      Principal: { AWS: principal },
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
    },
  ],
});

let clock: ManualClock;
let sandbox: SandboxAccount;
let timeline: MemoryTimelineStore;

function setUp(extra: Partial<AccountSeedInput> = {}) {
  clock = new ManualClock('2026-11-28T09:31:00Z');
  sandbox = new SandboxAccount(
    {
      id: account,
      cloudTrailDelaySeconds: 300,
      users: [
        {
          name: 'svc-reporting',
          inlinePolicies: { read: allowRead(`arn:aws:secretsmanager:us-east-1:${account}:secret:prod/*`) },
          accessKeys: [
            { id: KEY, createdAt: '2025-01-01T00:00:00Z' },
            { id: OTHER_KEY, createdAt: '2026-01-01T00:00:00Z' },
          ],
        },
      ],
      roles: [
        {
          name: 'analytics-role',
          inlinePolicies: {
            read: allowRead(`arn:aws:secretsmanager:us-east-1:${account}:secret:prod/reports/*`),
          },
          sessions: [{ id: SESSION, issuedAt: '2026-11-28T09:00:00Z', sessionName: 'notebook-7' }],
        },
      ],
      secrets: [
        { name: 'prod/reports/warehouse', rotationLambdaArn: rotation },
        { name: 'prod/reports/payroll', rotationLambdaArn: rotation, resourcePolicy: denyTo(role) },
        { name: 'shared/partner-key', rotationLambdaArn: rotation, resourcePolicy: { ...denyTo(role) } },
        { name: 'prod/orders/db', rotationLambdaArn: rotation },
        { name: 'prod/legacy/api-key', tags: { owner: 'integrations-team' } },
      ],
      ...extra,
    },
    clock,
  );
  // The partner key's policy grants the role instead of denying it.
  const partner = sandbox.secrets.get('shared/partner-key');
  if (partner)
    partner.resourcePolicy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: role },
          Action: 'secretsmanager:GetSecretValue',
          Resource: '*',
        },
      ],
    };
  timeline = new MemoryTimelineStore();
}

/** Triage's record of a read by the reader (the incident's first signal, or one joined). */
async function signal(principalArn: string, accessKeyId: string, secretArns: string[], observedAt: string) {
  const first = (await timeline.list('rk-1')).length === 0;
  await timeline.append('rk-1', {
    type: first ? 'incident-opened' : 'signal-joined',
    at: clock.now().toISOString(),
    actor: 'aws.cloudtrail',
    summary: 'a secret read',
    data: { kind: 'secret', principalArn, accessKeyId, secretArns, observedAt, region: 'us-east-1' },
  });
}

const deps = () => ({
  identityFor: () => sandbox.identity(),
  secretsFor: () => sandbox.secretsPort(),
  networkFor: () => sandbox.networkPort(),
  auditTrailFor: () => sandbox.auditTrailPort(),
  timeline,
  clock,
  sleep: async (ms: number) => clock.advance(ms),
  actor: 'rekey:action',
  protection: { protectedPrincipals: [] },
});

const step = (step: string, action: StepRequest['action'], parameters: Record<string, unknown>) => [
  { step, action, parameters: { accountId: account, ...parameters } },
];
const arnOf = (name: string) => sandbox.secrets.get(name)?.arn as string;
const read = (name: string, lastReadAt: string, how: SecretRead['how'] = 'named'): SecretRead => ({
  arn: arnOf(name),
  name,
  region: 'us-east-1',
  lastReadAt,
  how,
});

/** The secrets a look found (`secrets`, or `newSecrets`), as the step's facts list them. */
const found = (outcome: { facts?: Record<string, unknown> } | undefined, field = 'secrets') =>
  (outcome?.facts?.[field] as SecretRead[] | undefined) ?? [];

beforeEach(() => setUp());

describe('contain-secret-reader', () => {
  it("deactivates the key a user read with (its signals name it) and revokes the user's sessions; undone together", async () => {
    await signal(user, KEY, ['prod/orders/db'], '2026-11-28T09:26:03Z');
    const [outcome] = await runSteps(
      'rk-1',
      step('contain', 'contain-secret-reader', { readerArn: user }),
      deps(),
    );
    const keys = sandbox.users.get('svc-reporting')?.accessKeys;
    expect(keys?.map((k) => [k.id, k.status])).toEqual([
      [KEY, 'Inactive'],
      // It never read: left as it was.
      [OTHER_KEY, 'Active'],
    ]);
    expect([...(sandbox.users.get('svc-reporting')?.inlinePolicies.keys() ?? [])]).toContain(
      'rekey-revoke-sessions-rk-1',
    );
    expect(outcome?.facts).toMatchObject({ readerKind: 'user', deactivated: [KEY] });
    await rollback('rk-1', { actor: 'test' }, deps());
    expect(sandbox.users.get('svc-reporting')?.accessKeys[0]?.status).toBe('Active');
    expect([...(sandbox.users.get('svc-reporting')?.inlinePolicies.keys() ?? [])]).toEqual(['read']);
  });

  it('revokes the sessions of the role behind a session that read', async () => {
    await signal(role, SESSION, ['prod/reports/warehouse'], '2026-11-28T09:26:03Z');
    await runSteps('rk-1', step('contain', 'contain-secret-reader', { readerArn: role }), deps());
    const verdict = simulateCall(
      sandbox,
      {
        accessKeyId: SESSION,
        action: 'secretsmanager:GetSecretValue',
        resource: arnOf('prod/reports/warehouse'),
      },
      clock.now(),
    );
    expect(verdict).toMatchObject({ outcome: 'explicit-deny' });
  });

  it('contains a reader from another account of the organisation in its own account, and rolls it back there', async () => {
    const member = new SandboxAccount(
      {
        id: '444455556666',
        users: [{ name: 'etl', accessKeys: [{ id: KEY, createdAt: '2025-01-01T00:00:00Z' }] }],
      },
      clock,
    );
    const reader = 'arn:aws:iam::444455556666:user/etl';
    const across = {
      ...deps(),
      identityFor: (id: string) => (id === member.id ? member.identity() : sandbox.identity()),
    };
    await signal(reader, KEY, ['prod/orders/db'], '2026-11-28T09:26:03Z');
    const [outcome] = await runSteps(
      'rk-1',
      step('contain', 'contain-secret-reader', { readerArn: reader }),
      across,
    );
    expect(outcome?.undo).toMatchObject({
      operation: 'rekey:InAccount',
      parameters: { accountId: '444455556666' },
    });
    expect(member.users.get('etl')?.accessKeys[0]?.status).toBe('Inactive');
    const [restored] = await rollback('rk-1', { actor: 'test' }, across);
    expect(restored?.result).toBe('restored');
    expect(member.users.get('etl')?.accessKeys[0]?.status).toBe('Active');
  });

  it('escalates a reader that is neither an IAM user nor a role session', async () => {
    await expect(
      runSteps(
        'rk-1',
        step('contain', 'contain-secret-reader', { readerArn: `arn:aws:iam::${account}:root` }),
        deps(),
      ),
    ).rejects.toThrow(NotContainableError);
  });
});

describe('find-secret-reads', () => {
  it("finds what the reader's signals named and what CloudTrail shows its keys read, once CloudTrail shows it", async () => {
    await signal(user, KEY, ['prod/orders/db'], '2026-11-28T09:26:03Z');
    // A read EventBridge never delivered, with the user's other key; and someone else's read.
    sandbox.auditEvents.push(
      {
        eventId: 'lost',
        eventTime: '2026-11-28T09:26:40Z',
        eventName: 'GetSecretValue',
        eventSource: 'secretsmanager.amazonaws.com',
        region: 'us-east-1',
        accessKeyId: OTHER_KEY,
        principalType: 'IAMUser',
        principalArn: user,
        secretIds: ['prod/reports/warehouse'],
      },
      {
        eventId: 'denied',
        eventTime: '2026-11-28T09:26:50Z',
        eventName: 'GetSecretValue',
        eventSource: 'secretsmanager.amazonaws.com',
        region: 'us-east-1',
        accessKeyId: KEY,
        principalArn: user,
        errorCode: 'AccessDeniedException',
        secretIds: ['prod/legacy/api-key'],
      },
    );
    const find = step('find', 'find-secret-reads', { region: 'us-east-1', readerArn: user });
    const names = async (id: string) => {
      const [outcome] = await runSteps(id, find, deps());
      return found(outcome).map((s) => s.name);
    };
    // CloudTrail shows a call five minutes after it happened: only the signal so far.
    expect(await names('rk-1')).toEqual(['prod/orders/db']);
    clock.advance(30 * 60_000);
    await signal(user, KEY, ['prod/orders/db'], '2026-11-28T09:26:03Z');
    const [again] = await runSteps(
      'rk-1',
      step('find-again', 'find-secret-reads', {
        region: 'us-east-1',
        readerArn: user,
        known: [read('prod/orders/db', '2026-11-28T09:26:03Z')],
      }),
      deps(),
    );
    expect(found(again).map((s) => s.name)).toEqual(['prod/orders/db', 'prod/reports/warehouse']);
    // Only the one not found before is new; a refused read is no read.
    expect(found(again, 'newSecrets').map((s) => s.name)).toEqual(['prod/reports/warehouse']);
    expect(again?.facts?.keys).toEqual([KEY, OTHER_KEY]);
  });

  it('takes a read by filter as a read of every secret the reader could read: its policies, never more', async () => {
    await signal(role, SESSION, [], '2026-11-28T09:26:03Z');
    const find = step('find', 'find-secret-reads', { region: 'us-east-1', readerArn: role });
    const [outcome] = await runSteps('rk-1', find, deps());
    // Its identity policy (prod/reports/*), less the payroll secret whose policy denies it, plus the partner key
    // whose policy grants it; never the orders database or the legacy key.
    expect(found(outcome).map((s) => [s.name, s.how])).toEqual([
      ['prod/reports/warehouse', 'readable'],
      ['shared/partner-key', 'readable'],
    ]);
  });

  it("counts nothing readable that the account's SCPs refuse, though its identity or a resource policy allows it", async () => {
    // An allow-list SCP that leaves Secrets Manager out binds the role whatever grants it the read (the older path
    // counted the warehouse secret by the role's own policy and the partner key by its resource policy).
    setUp({
      organization: {
        managementAccountId: '999900001111',
        policies: [
          {
            id: 'p-s3onlylist',
            name: 's3-only',
            document: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
            },
            targets: [account],
          },
        ],
      },
    });
    await signal(role, SESSION, [], '2026-11-28T09:26:03Z');
    const find = step('find', 'find-secret-reads', { region: 'us-east-1', readerArn: role });
    const [outcome] = await runSteps('rk-1', find, deps());
    expect(found(outcome)).toEqual([]);
  });

  it('still finds, after Rekey has blocked and revoked the reader, what it could read when it read', async () => {
    await signal(role, SESSION, [], '2026-11-28T09:26:03Z');
    await runSteps('rk-1', step('contain', 'contain-secret-reader', { readerArn: role }), deps());
    await runSteps(
      'rk-1',
      step('block', 'block-secret-reader', {
        region: 'us-east-1',
        secretId: arnOf('prod/reports/warehouse'),
        readerArn: role,
      }),
      deps(),
    );
    const [outcome] = await runSteps(
      'rk-1',
      step('find', 'find-secret-reads', { region: 'us-east-1', readerArn: role }),
      deps(),
    );
    expect(found(outcome).map((s) => s.name)).toEqual(['prod/reports/warehouse', 'shared/partner-key']);
  });
});

describe('check-secrets-rotated', () => {
  const check = (secrets: SecretRead[], keys: string[] = []) =>
    runSteps('rk-1', step('check', 'check-secrets-rotated', { readerArn: user, secrets, keys }), deps());
  const rotateAndBlock = async (name: string) => {
    await runSteps(
      'rk-1',
      [
        ...step(`block-${name}`, 'block-secret-reader', {
          region: 'us-east-1',
          secretId: arnOf(name),
          readerArn: user,
        }),
        ...step(`rotate-${name}`, 'rotate-secret', { region: 'us-east-1', secretId: arnOf(name) }),
      ],
      deps(),
    );
  };

  it('passes when every secret read is rotated since the read and denies the reader, and its key is inactive', async () => {
    await rotateAndBlock('prod/orders/db');
    await sandbox.identity().updateAccessKeyStatus('svc-reporting', KEY, 'Inactive');
    const [outcome] = await check([read('prod/orders/db', '2026-11-28T09:26:03Z')], [KEY]);
    expect(outcome).toMatchObject({ status: 'unchanged', facts: { rotated: ['prod/orders/db'] } });
  });

  it('escalates, naming the owner, a secret that could not be rotated: never contained', async () => {
    await rotateAndBlock('prod/orders/db');
    const run = check([
      read('prod/orders/db', '2026-11-28T09:26:03Z'),
      read('prod/legacy/api-key', '2026-11-28T09:26:10Z'),
    ]);
    await expect(run).rejects.toThrow(NotContainableError);
    await expect(run).rejects.toThrow(
      /1 of 2 secret\(s\) .* rotated \(prod\/orders\/db\); still open: prod\/legacy\/api-key has no rotation configured: its owner \(integrations-team\) must change the credential at its source/,
    );
  });

  it('escalates a secret read and since deleted or scheduled for deletion: the value read may still work at its source', async () => {
    await sandbox.identity().updateAccessKeyStatus('svc-reporting', KEY, 'Inactive');
    const scheduled = sandbox.secrets.get('prod/orders/db');
    if (!scheduled) throw new Error('the seed has prod/orders/db');
    scheduled.deletedAt = '2026-11-28T09:27:00Z';
    await expect(check([read('prod/orders/db', '2026-11-28T09:26:03Z')], [KEY])).rejects.toThrow(
      /prod\/orders\/db was scheduled for deletion at 2026-11-28T09:27:00Z and cannot be rotated or denied: the value the reader read may still open what it guards/,
    );
    const gone = read('prod/orders/db', '2026-11-28T09:26:03Z');
    sandbox.secrets.delete('prod/orders/db');
    await expect(check([gone], [KEY])).rejects.toThrow(/prod\/orders\/db.* and cannot be rotated or denied/);
  });

  it('escalates a secret rotated before the read, or not denying the reader, or a key that read still active', async () => {
    await rotateAndBlock('prod/orders/db');
    // Read again after the rotation: the reader holds the current value.
    await expect(check([read('prod/orders/db', '2026-11-28T09:45:00Z')])).rejects.toThrow(
      /prod\/orders\/db was not rotated/,
    );
    await runSteps(
      'rk-2',
      step('rotate', 'rotate-secret', { region: 'us-east-1', secretId: arnOf('prod/reports/warehouse') }),
      deps(),
    );
    await expect(check([read('prod/reports/warehouse', '2026-11-28T09:26:03Z')])).rejects.toThrow(
      /prod\/reports\/warehouse does not deny arn:aws:iam::111122223333:user\/svc-reporting/,
    );
    await expect(check([read('prod/orders/db', '2026-11-28T09:26:03Z')], [KEY])).rejects.toThrow(
      /AKIA4SVCREPORTING001 of svc-reporting read secrets and is still Active/,
    );
  });

  it('needs two rotations since the read with alternating users: the user read stays valid as AWSPREVIOUS', async () => {
    const secret = sandbox.secrets.get('prod/orders/db');
    if (secret) secret.tags['rekey:rotation-strategy'] = 'alternating-users';
    await rotateAndBlock('prod/orders/db');
    await expect(check([read('prod/orders/db', '2026-11-28T09:26:03Z')])).resolves.toHaveLength(1);
    // One rotation only (someone else's, after the read): AWSPREVIOUS is the version the reader saw.
    setUp();
    const again = sandbox.secrets.get('prod/orders/db');
    if (again) again.tags['rekey:rotation-strategy'] = 'alternating-users';
    await sandbox.secretsPort().rotate(arnOf('prod/orders/db'), 'b'.repeat(36));
    await runSteps(
      'rk-1',
      step('block', 'block-secret-reader', {
        region: 'us-east-1',
        secretId: arnOf('prod/orders/db'),
        readerArn: user,
      }),
      deps(),
    );
    await expect(check([read('prod/orders/db', '2026-11-28T09:26:03Z')])).rejects.toThrow(
      /prod\/orders\/db was not rotated/,
    );
  });
});
