import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import type { AccountSeedInput } from '../../../src/adapters/sandbox/account-seed.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { rollback } from '../../../src/app/rollback.js';
import { runSteps, type StepRequest } from '../../../src/app/run-steps.js';
import { NotContainableError } from '../../../src/domain/errors.js';
import { ManualClock } from '../../support/fixed-clock.js';

const account = '111122223333';
const lambda = (name: string) => `arn:aws:lambda:us-east-1:${account}:function:${name}`;
const secret = (name: string, extra: Record<string, unknown> = {}) => ({ name, ...extra });

let clock: ManualClock;
let sandbox: SandboxAccount;
let timeline: MemoryTimelineStore;

function setUp(secrets: AccountSeedInput['secrets']) {
  clock = new ManualClock('2026-11-28T09:04:00Z');
  sandbox = new SandboxAccount({ id: account, roles: [{ name: 'deploy-role' }], secrets }, clock);
  timeline = new MemoryTimelineStore();
}

const deps = () => ({
  identityFor: () => sandbox.identity(),
  secretsFor: () => sandbox.secretsPort(),
  rotationLogsFor: () => sandbox.rotationLogsPort(),
  timeline,
  clock,
  sleep: async (ms: number) => clock.advance(ms),
  actor: 'rekey:action',
  protection: { protectedPrincipals: [] },
});

const rotate = (name: string): StepRequest[] => [
  {
    step: 'rotate',
    action: 'rotate-secret',
    parameters: { accountId: account, region: 'us-east-1', secretId: sandbox.secrets.get(name)?.arn },
  },
];
const current = (name: string) =>
  sandbox.secrets.get(name)?.versions.find((v) => v.stages.includes('AWSCURRENT'))?.id;

describe('rotate-secret', () => {
  it('fails a secret without rotation as a task for its owner, never a success: nothing Rekey does makes the value useless', async () => {
    setUp([secret('prod/db', { tags: { owner: 'payments' } })]);
    const run = runSteps('rk-1', rotate('prod/db'), deps());
    await expect(run).rejects.toThrow(NotContainableError);
    await expect(run).rejects.toThrow(
      /prod\/db has no rotation configured: its owner \(payments\) must change the credential at its source/,
    );
    expect(sandbox.apiCalls.map((c) => c.operation)).not.toContain('RotateSecret');
    expect((await timeline.list('rk-1')).map((e) => e.type)).toEqual(['step-started', 'step-failed']);
  });

  it('rotates once for a single-user strategy and waits until AWSCURRENT has moved', async () => {
    setUp([
      secret('prod/db', { rotationLambdaArn: lambda('SecretsManagerRDSPostgreSQLRotationSingleUser') }),
    ]);
    const [outcome] = await runSteps('rk-1', rotate('prod/db'), deps());
    expect(outcome).toMatchObject({
      status: 'changed',
      facts: { strategy: 'single-user', rounds: 1, previousVersion: 'initial-version' },
    });
    expect(current('prod/db')).toBe(outcome?.facts?.currentVersion);
  });

  it.each([
    [
      'tagged alternating-users',
      { rotationLambdaArn: lambda('rotate-db'), tags: { 'rekey:rotation-strategy': 'alternating-users' } },
      'alternating-users',
    ],
    [
      'a multi-user rotation function',
      { rotationLambdaArn: lambda('SecretsManagerRDSMySQLRotationMultiUser') },
      'alternating-users',
    ],
    ['an unknown strategy', { rotationLambdaArn: lambda('rotate-db') }, 'unknown'],
  ])(
    'rotates twice for %s, since the leaked credential survives one rotation',
    async (_what, extra, strategy) => {
      setUp([secret('prod/db', extra)]);
      const [outcome] = await runSteps('rk-1', rotate('prod/db'), deps());
      expect(outcome?.facts).toMatchObject({ strategy, rounds: 2 });
      expect(sandbox.apiCalls.filter((c) => c.operation === 'RotateSecret')).toHaveLength(2);
    },
  );

  const stuck = (log: Array<{ step: string; outcome: string }>, extra: Record<string, unknown> = {}) =>
    secret('prod/db', {
      rotationLambdaArn: lambda('SingleUser'),
      versions: [
        { id: 'v1', stages: ['AWSCURRENT'], createdAt: '2026-11-01T00:00:00Z' },
        { id: 'v2', stages: ['AWSPENDING'], createdAt: '2026-11-27T00:00:00Z' },
      ],
      rotationLog: log.map((e) => ({ at: '2026-11-27T00:00:01Z', versionId: 'v2', ...e })),
      ...extra,
    });

  it('removes an AWSPENDING stuck on another version once its function logged setSecret failing, then rotates', async () => {
    setUp([
      stuck([
        { step: 'createSecret', outcome: 'succeeded' },
        { step: 'setSecret', outcome: 'failed' },
      ]),
    ]);
    const [outcome] = await runSteps('rk-1', rotate('prod/db'), deps());
    expect(outcome?.facts).toMatchObject({ repairedPending: 'v2', rounds: 1 });
    expect(sandbox.apiCalls.map((c) => c.operation)).toEqual([
      'DescribeSecret',
      'FilterLogEvents',
      'UpdateSecretVersionStage',
      'DescribeSecret',
      'RotateSecret',
      'DescribeSecret',
    ]);
  });

  it('finishes a stopped rotation whose password the database already uses, instead of discarding it', async () => {
    // setSecret changed the database's password to v2's, then testSecret timed out: AWSCURRENT (v1) no longer
    // opens the database, and v2 holds the only copy of the password that does.
    setUp([
      stuck(
        [
          { step: 'createSecret', outcome: 'succeeded' },
          { step: 'setSecret', outcome: 'succeeded' },
          { step: 'testSecret', outcome: 'failed' },
        ],
        { databasePasswordVersion: 'v2' },
      ),
    ]);
    const [outcome] = await runSteps('rk-1', rotate('prod/db'), deps());
    expect(outcome).toMatchObject({
      status: 'changed',
      summary: expect.stringMatching(
        /after finishing a stopped rotation whose password was already in use \(v2/,
      ),
      facts: { finishedPending: 'v2', previousVersion: 'v1', rounds: 1 },
    });
    const db = sandbox.secrets.get('prod/db');
    // The leaked value is useless, and the database takes the password AWSCURRENT holds.
    expect(db?.databasePasswordVersion).toBe(current('prod/db'));
    expect(db?.versions.find((v) => v.id === 'v2')?.stages).toEqual(['AWSPREVIOUS']);
    expect(sandbox.apiCalls.map((c) => c.operation)).toEqual([
      'DescribeSecret',
      'FilterLogEvents',
      'UpdateSecretVersionStage',
      'DescribeSecret',
      'RotateSecret',
      'DescribeSecret',
    ]);
  });

  it('leaves a stuck AWSPENDING nothing explains and asks a person, naming the version and both ways out', async () => {
    setUp([stuck([])]);
    await expect(runSteps('rk-1', rotate('prod/db'), deps())).rejects.toMatchObject({
      name: 'NotContainableError',
      message: expect.stringMatching(
        /AWSPENDING on version v2 .*logged nothing about it.*--move-to-version-id v2 --remove-from-version-id v1.*--version-stage AWSPENDING --remove-from-version-id v2/,
      ),
    });
    expect(sandbox.apiCalls.map((c) => c.operation)).toEqual(['DescribeSecret', 'FilterLogEvents']);
    expect(sandbox.secrets.get('prod/db')?.versions.map((v) => v.stages)).toEqual([
      ['AWSCURRENT'],
      ['AWSPENDING'],
    ]);
  });

  it('rotates a secret whose rotation the owning service manages (an rds! secret), once', async () => {
    setUp([secret('rds!db-0a1b2c3d', { rotationEnabled: true, owningService: 'rds' })]);
    const [outcome] = await runSteps('rk-1', rotate('rds!db-0a1b2c3d'), deps());
    expect(outcome).toMatchObject({
      status: 'changed',
      facts: { strategy: 'single-user', rounds: 1, managedBy: 'rds' },
    });
    expect(current('rds!db-0a1b2c3d')).not.toBe('initial-version');
  });

  it("is refused, as AWS refuses RotateSecret, when Rekey's role may not invoke the rotation function", async () => {
    clock = new ManualClock('2026-11-28T09:04:00Z');
    const rotateOnly = {
      Version: '2012-10-17' as const,
      Statement: [{ Effect: 'Allow' as const, Action: 'secretsmanager:*', Resource: '*' }],
    };
    sandbox = new SandboxAccount(
      { id: account, secrets: [secret('prod/db', { rotationLambdaArn: lambda('SingleUser') })] },
      clock,
      {
        arn: `arn:aws:iam::${account}:role/rekey-member`,
        policies: [{ name: 'contain', document: rotateOnly }],
      },
    );
    timeline = new MemoryTimelineStore();
    await expect(runSteps('rk-1', rotate('prod/db'), deps())).rejects.toMatchObject({
      name: 'AccessDeniedError',
      message: expect.stringMatching(
        /not authorized to perform: lambda:InvokeFunction on resource: .*SingleUser/,
      ),
    });
    expect(current('prod/db')).toBe('initial-version');
  });

  it('does not touch an AWSPENDING of a rotation still in flight, and fails by name for a retry', async () => {
    setUp([
      secret('prod/db', {
        rotationLambdaArn: lambda('SingleUser'),
        versions: [
          { id: 'v1', stages: ['AWSCURRENT'], createdAt: '2026-11-01T00:00:00Z' },
          { id: 'v2', stages: ['AWSPENDING'], createdAt: '2026-11-28T09:00:00Z' },
        ],
      }),
    ]);
    await expect(runSteps('rk-1', rotate('prod/db'), deps())).rejects.toMatchObject({
      name: 'RotationError',
    });
    expect(sandbox.apiCalls.map((c) => c.operation)).toEqual(['DescribeSecret']);
  });

  it('gives up, bounded on the clock, when the rotation never completes', async () => {
    setUp([secret('prod/db', { rotationLambdaArn: lambda('SingleUser'), failingRotations: 1 })]);
    const started = clock.now().getTime();
    await expect(runSteps('rk-1', rotate('prod/db'), deps())).rejects.toMatchObject({
      name: 'RotationError',
    });
    expect(clock.now().getTime() - started).toBe(60 * 5_000);
    expect(current('prod/db')).toBe('initial-version');
  });

  it('finishes its own round whose rotation stopped after setSecret, rather than starting it again', async () => {
    setUp([
      secret('prod/db', {
        rotationLambdaArn: lambda('SingleUser'),
        failingRotations: 1,
        rotationFailsAt: 'testSecret',
        databasePasswordVersion: 'initial-version',
      }),
    ]);
    await expect(runSteps('rk-1', rotate('prod/db'), deps())).rejects.toMatchObject({
      name: 'RotationError',
    });
    const ours = sandbox.secrets.get('prod/db')?.versions.find((v) => v.stages.includes('AWSPENDING'))?.id;
    expect(sandbox.secrets.get('prod/db')?.databasePasswordVersion).toBe(ours);
    const [outcome] = await runSteps('rk-1', rotate('prod/db'), deps());
    expect(outcome).toMatchObject({ status: 'changed', facts: { finishedPending: ours } });
    expect(current('prod/db')).toBe(ours);
    expect(sandbox.apiCalls.filter((c) => c.operation === 'RotateSecret')).toHaveLength(1);
  });

  it('starts a round whose rotation failed again under a new token, once the earlier attempt waited it out', async () => {
    setUp([secret('prod/db', { rotationLambdaArn: lambda('SingleUser'), failingRotations: 1 })]);
    await expect(runSteps('rk-1', rotate('prod/db'), deps())).rejects.toMatchObject({
      name: 'RotationError',
    });
    const stuck = sandbox.secrets.get('prod/db')?.versions.find((v) => v.stages.includes('AWSPENDING'))?.id;
    const [outcome] = await runSteps('rk-1', rotate('prod/db'), deps());
    expect(outcome).toMatchObject({ status: 'changed', facts: { restartedRotation: stuck } });
    expect(current('prod/db')).not.toBe('initial-version');
    expect(current('prod/db')).not.toBe(stuck);
    expect(sandbox.secrets.get('prod/db')?.versions.some((v) => v.stages.includes('AWSPENDING'))).toBe(false);
  });
});

describe('block-secret-reader', () => {
  const block = (readerArn = `arn:aws:iam::${account}:role/deploy-role`): StepRequest[] => [
    {
      step: 'block',
      action: 'block-secret-reader',
      parameters: {
        accountId: account,
        region: 'us-east-1',
        secretId: sandbox.secrets.get('prod/db')?.arn,
        readerArn,
      },
    },
  ];
  const existing = {
    Version: '2012-10-17' as const,
    Statement: [
      {
        Sid: 'AppReads',
        Effect: 'Allow' as const,
        Principal: { AWS: `arn:aws:iam::${account}:role/app` },
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
      },
    ],
  };

  beforeEach(() => setUp([secret('prod/db', { resourcePolicy: existing })]));

  it('merges the deny into the resource policy, keeping what was there, once however often it runs', async () => {
    await runSteps('rk-1', block(), deps());
    await runSteps('rk-2', block(), deps());
    const statements = sandbox.secrets.get('prod/db')?.resourcePolicy?.Statement as Array<{
      Sid: string;
      Effect: string;
    }>;
    expect(statements.map((s) => [s.Sid, s.Effect])).toEqual([
      ['AppReads', 'Allow'],
      [expect.stringMatching(/^RekeyDenyReader/), 'Deny'],
    ]);
  });

  it('restores the prior resource policy on rollback', async () => {
    await runSteps('rk-1', block(), deps());
    await rollback('rk-1', { actor: 'test' }, deps());
    expect(sandbox.secrets.get('prod/db')?.resourcePolicy).toEqual(existing);
  });

  it("never denies a protected role's session, nor a protected reader from another account", async () => {
    const protectedDeps = () => ({
      ...deps(),
      protection: {
        protectedPrincipals: [`arn:aws:iam::${account}:role/deploy-role`, 'arn:aws:iam::444455556666:*'],
      },
    });
    for (const reader of [
      `arn:aws:sts::${account}:assumed-role/deploy-role/i-0abcd1234ef567890`,
      'arn:aws:iam::444455556666:role/reporting',
    ]) {
      await expect(runSteps('rk-1', block(reader), protectedDeps())).rejects.toMatchObject({
        name: 'ProtectedPrincipalError',
      });
    }
    expect(sandbox.secrets.get('prod/db')?.resourcePolicy).toEqual(existing);
  });
});
