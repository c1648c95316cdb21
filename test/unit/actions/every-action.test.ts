import { describe, expect, it } from 'vitest';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { SandboxOrganizations } from '../../../src/adapters/sandbox/sandbox-organizations.js';
import { SandboxRootAccess } from '../../../src/adapters/sandbox/sandbox-root-access.js';
import { rollback } from '../../../src/app/rollback.js';
import { type RunStepsDeps, runSteps, type StepRequest } from '../../../src/app/run-steps.js';
import { ACTION_DESCRIPTORS, ACTION_NAMES } from '../../../src/domain/actions.js';
import type { Permissions } from '../../../src/ports/permissions.js';
import { ManualClock } from '../../support/fixed-clock.js';

const account = '111122223333';
const management = '999988887777';
const key = 'AKIAIOSFODNN7EXAMPLE';
const etlKey = 'AKIAETLREADER0000001';
const session = 'ASIADEPLOYSESSION001';
const ssoRole = 'AWSReservedSSO_PowerUser_0123456789abcdef';
const allowS3 = {
  Version: '2012-10-17' as const,
  Statement: [{ Sid: 'Base', Effect: 'Allow' as const, Action: 's3:*', Resource: '*' }],
};
const trail = (
  eventTime: string,
  eventName: string,
  eventSource: string,
  extra: Record<string, unknown>,
) => ({
  eventTime,
  eventName,
  eventSource,
  ...extra,
});

/** One account that every catalogued action has something to act on. */
function world() {
  const clock = new ManualClock('2026-11-28T10:00:00Z');
  const sandbox = new SandboxAccount(
    {
      id: account,
      users: [
        {
          name: 'alice',
          loginProfile: { passwordResetRequired: false },
          accessKeys: [
            { id: key, createdAt: '2025-01-01T00:00:00Z' },
            { id: 'AKIAI44QH8DHBEXAMPLE', createdAt: '2026-06-01T10:00:00Z' },
          ],
        },
        {
          // Read secrets it had no business reading: one by name, then every one it could by filter.
          name: 'etl',
          accessKeys: [{ id: etlKey, createdAt: '2026-01-01T00:00:00Z' }],
          inlinePolicies: {
            read: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: 'secretsmanager:GetSecretValue',
                  Resource: `arn:aws:secretsmanager:us-east-1:${account}:secret:prod/*`,
                },
              ],
            },
          },
        },
        {
          name: 'backdoor',
          loginProfile: { passwordResetRequired: false },
          accessKeys: [{ id: 'AKIABACKDOOR00000001', createdAt: '2026-11-28T09:10:00Z' }],
        },
      ],
      roles: [
        {
          name: 'deployer',
          sessions: [{ id: session, issuedAt: '2026-11-28T09:02:00Z', sessionName: 'alice' }],
        },
        { name: 'frozen' },
        { name: 'partner' },
        {
          name: 'web-app-instance-role',
          sessions: [
            {
              id: 'ASIAWEBAPPSESSION001',
              issuedAt: '2026-11-28T09:00:00Z',
              sessionName: 'i-0abcd1234ef567890',
            },
          ],
        },
        {
          name: ssoRole,
          path: '/aws-reserved/sso.amazonaws.com/',
          inlinePolicies: { AwsSSOInlinePolicy: allowS3 },
          sessions: [
            {
              id: 'ASIASSOALICE00000001',
              issuedAt: '2026-11-28T09:00:00Z',
              sessionName: 'alice@example.com',
              identityStoreUserId: 'user-alice',
            },
          ],
        },
      ],
      secrets: [
        {
          name: 'prod/db',
          rotationLambdaArn: `arn:aws:lambda:us-east-1:${account}:function:rotate-db`,
          tags: { 'rekey:rotation-strategy': 'single-user' },
        },
        {
          // Rotated and denied to etl since etl read it: what the last check of a reader's incident looks for.
          name: 'prod/report-token',
          rotationLambdaArn: `arn:aws:lambda:us-east-1:${account}:function:rotate-db`,
          tags: { 'rekey:rotation-strategy': 'single-user' },
          versions: [{ id: 'v2', stages: ['AWSCURRENT'], createdAt: '2026-11-28T09:40:00Z' }],
          resourcePolicy: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Deny',
                Principal: { AWS: `arn:aws:iam::${account}:user/etl` },
                Action: 'secretsmanager:GetSecretValue',
                Resource: '*',
              },
            ],
          },
        },
      ],
      network: {
        instances: [{ id: 'i-0abcd1234ef567890', vpcId: 'vpc-0a1b2c3d', role: 'web-app-instance-role' }],
        natGateways: [{ vpcId: 'vpc-0a1b2c3d', publicIp: '203.0.113.10' }],
      },
      identityCenter: {
        users: [{ userName: 'alice@example.com', userId: 'user-alice' }],
        permissionSets: [
          {
            name: 'PowerUser',
            arn: 'arn:aws:sso:::permissionSet/ssoins-0/ps-power',
            inlinePolicy: allowS3,
            roleNames: [ssoRole],
          },
        ],
      },
      cloudTrail: [
        trail('2026-11-28T09:01:00Z', 'ListBuckets', 's3.amazonaws.com', { accessKeyId: key }),
        trail('2026-11-28T09:02:00Z', 'AssumeRole', 'sts.amazonaws.com', {
          accessKeyId: key,
          principalType: 'IAMUser',
          principalArn: `arn:aws:iam::${account}:user/alice`,
          assumedRoleArn: `arn:aws:iam::${account}:role/deployer`,
          issuedAccessKeyId: session,
        }),
        trail('2026-11-28T09:05:00Z', 'CreateUser', 'iam.amazonaws.com', {
          accessKeyId: session,
          createdUser: 'backdoor',
        }),
        trail('2026-11-28T09:10:00Z', 'CreateAccessKey', 'iam.amazonaws.com', {
          accessKeyId: session,
          targetUser: 'backdoor',
          createdAccessKeyId: 'AKIABACKDOOR00000001',
        }),
        trail('2026-11-28T09:11:00Z', 'CreateLoginProfile', 'iam.amazonaws.com', {
          accessKeyId: session,
          targetUser: 'backdoor',
        }),
        trail('2026-11-28T09:20:00Z', 'BatchGetSecretValue', 'secretsmanager.amazonaws.com', {
          accessKeyId: etlKey,
          principalType: 'IAMUser',
          principalArn: `arn:aws:iam::${account}:user/etl`,
          secretIds: [],
        }),
      ],
    },
    clock,
  );
  const organizations = new SandboxOrganizations(management);
  const rootAccess = new SandboxRootAccess(management, {
    [account]: { loginProfile: true, accessKeyIds: ['AKIAROOTKEY000000001'] },
  });
  const deps: RunStepsDeps = {
    identityFor: () => sandbox.identity(),
    secretsFor: () => sandbox.secretsPort(),
    rotationLogsFor: () => sandbox.rotationLogsPort(),
    networkFor: () => sandbox.networkPort(),
    auditTrailFor: () => sandbox.auditTrailPort(),
    identityCenter: sandbox.identityCenterPort(),
    organizations,
    rootAccess,
    timeline: new MemoryTimelineStore(),
    clock,
    sleep: async (ms) => clock.advance(ms),
    actor: 'rekey:action',
    protection: { protectedPrincipals: [] },
  };
  // Triage's record of the read that opened the incident (the reader's actions take its key from it).
  const signalled = deps.timeline.append('rk-1', {
    type: 'incident-opened',
    at: '2026-11-28T09:59:00Z',
    actor: 'aws.cloudtrail',
    summary: 'Incident opened: secretsmanager:GetSecretValue on secret prod/db read by etl',
    data: {
      kind: 'secret',
      observedAt: '2026-11-28T09:15:00Z',
      region: 'us-east-1',
      principalArn: `arn:aws:iam::${account}:user/etl`,
      accessKeyId: etlKey,
      secretArns: ['prod/db'],
    },
  });
  const state = () =>
    JSON.stringify({
      account: sandbox.toSeed(),
      scps: [...organizations.policies.values()].map((p) => ({ ...p, targets: [...p.targets] })),
      roots: [...rootAccess.roots],
    });
  return { sandbox, deps, state, signalled };
}

/** The world once triage's record of the incident's first signal is written. */
async function readyWorld() {
  const made = world();
  await made.signalled;
  return made;
}

const since = '2026-11-28T08:00:00Z';
const made = { at: '2026-11-28T09:10:00Z', by: session };
/** One of each thing a sweep neutralises. */
const sweeps = [
  { kind: 'user', name: 'backdoor', call: 'iam:CreateUser', ...made },
  {
    kind: 'access-key',
    userName: 'backdoor',
    accessKeyId: 'AKIABACKDOOR00000001',
    onCreated: true,
    call: 'iam:CreateAccessKey',
    ...made,
  },
  { kind: 'login-profile', userName: 'backdoor', onCreated: true, call: 'iam:CreateLoginProfile', ...made },
  {
    kind: 'trust-policy',
    roleName: 'partner',
    principals: ['arn:aws:iam::444455556666:user/mallory'],
    call: 'iam:UpdateAssumeRolePolicy',
    ...made,
  },
];
const regions = ['us-east-1'];
const secretArn = () => world().sandbox.secrets.get('prod/db')?.arn;
const reportToken = () => world().sandbox.secrets.get('prod/report-token')?.arn;
const steps = (): StepRequest[] => [
  { step: 'pivot', action: 'pivot', parameters: { accountId: account, accessKeyId: key, since, regions } },
  {
    step: 'deactivate',
    action: 'deactivate-access-key',
    parameters: { accountId: account, userName: 'alice', accessKeyId: key },
  },
  {
    step: 'revoke-user',
    action: 'revoke-sessions',
    parameters: { accountId: account, principal: { kind: 'user', name: 'alice' } },
  },
  {
    step: 'revoke-role',
    action: 'revoke-sessions',
    parameters: { accountId: account, principal: { kind: 'role', name: 'deployer' } },
  },
  {
    step: 'source',
    action: 'contain-session-source',
    parameters: { accountId: account, roleName: 'deployer', sessionKeyId: session, since, regions },
  },
  {
    step: 'quarantine',
    action: 'quarantine-principal',
    parameters: { accountId: account, principal: { kind: 'role', name: 'frozen' } },
  },
  {
    step: 'console',
    action: 'disable-console-access',
    parameters: { accountId: account, userName: 'alice' },
  },
  {
    step: 'find',
    action: 'find-persistence',
    parameters: { accountId: account, accessKeyIds: [key, null], since, regions },
  },
  ...sweeps.map((artefact, i) => ({
    step: `sweep[${i}]`,
    action: 'sweep-persistence' as const,
    parameters: { accountId: account, artefact },
  })),
  {
    step: 'restrict',
    action: 'restrict-instance-credentials',
    parameters: {
      accountId: account,
      region: 'us-east-1',
      roleName: 'web-app-instance-role',
      instanceId: 'i-0abcd1234ef567890',
    },
  },
  {
    step: 'rotate',
    action: 'rotate-secret',
    parameters: { accountId: account, region: 'us-east-1', secretId: secretArn() },
  },
  {
    step: 'block',
    action: 'block-secret-reader',
    parameters: {
      accountId: account,
      region: 'us-east-1',
      secretId: secretArn(),
      readerArn: `arn:aws:iam::${account}:role/deployer`,
    },
  },
  {
    step: 'reader',
    action: 'contain-secret-reader',
    parameters: { accountId: account, readerArn: `arn:aws:iam::${account}:user/etl` },
  },
  {
    step: 'reads',
    action: 'find-secret-reads',
    parameters: {
      accountId: account,
      region: 'us-east-1',
      readerArn: `arn:aws:iam::${account}:user/etl`,
      since,
      regions,
    },
  },
  {
    step: 'rotated',
    action: 'check-secrets-rotated',
    parameters: {
      accountId: account,
      readerArn: `arn:aws:iam::${account}:user/etl`,
      secrets: [
        {
          arn: reportToken(),
          name: 'prod/report-token',
          region: 'us-east-1',
          lastReadAt: '2026-11-28T09:20:00Z',
          how: 'readable',
        },
      ],
    },
  },
  {
    step: 'sso',
    action: 'revoke-identity-center-sessions',
    parameters: { accountId: account, roleName: ssoRole, userName: 'alice@example.com' },
  },
  { step: 'root-check', action: 'check-root-containment', parameters: { accountId: account } },
  { step: 'root-scp', action: 'contain-root', parameters: { accountId: account } },
  {
    step: 'root-credentials',
    action: 'contain-root',
    parameters: { accountId: account, method: 'delete-credentials' },
  },
  {
    step: 'verify',
    action: 'verify-containment',
    parameters: { accountId: account, accessKeyIds: [key, session], cutoff: '2026-11-28T09:30:00Z', regions },
  },
];

/** The state less what AWS cannot give back (a rotated secret, a console password, deleted root credentials). */
function reversible(state: string) {
  const parsed = JSON.parse(state);
  for (const secret of parsed.account.secrets) {
    delete secret.versions;
    delete secret.lastRotatedAt;
    // A rotation's log (and the database's password, where modelled) cannot be undone.
    delete secret.rotationLog;
    delete secret.databasePasswordVersion;
  }
  for (const user of parsed.account.users) {
    delete user.loginProfile;
    // When a key last changed status is the sandbox's own bookkeeping, not state AWS shows.
    for (const key of user.accessKeys) delete key.statusChangedAt;
  }
  delete parsed.roots;
  return parsed;
}

const MUTATING = /^(Update|Put|Attach|Detach|Delete|Create|Rotate|Remove|Provision|Tag|Untag|Deactivate)/;

describe('every catalogued action', () => {
  it('is exercised here, so a new action cannot skip these checks', () => {
    expect(new Set(steps().map((s) => s.action))).toEqual(new Set(ACTION_NAMES));
  });

  it('leaves the same state when retried after a crash, the journaled plans reused however late the retry', async () => {
    // Except a session cut-off placed alongside a change that may not have happened: planned afresh, later.
    const cutoffs = /"aws:TokenIssueTime":"([^"]+)"/g;
    const masked = (state: string) => state.replace(cutoffs, '"aws:TokenIssueTime":"(cut-off)"');
    const once = await readyWorld();
    await runSteps('rk-1', steps(), once.deps);
    const twice = await readyWorld();
    await runSteps('rk-1', steps(), twice.deps);
    // The invocation died after every change but before any success was journaled: only the starts remain.
    const crashed = new MemoryTimelineStore();
    for (const { type, at, actor, summary, step, data } of await twice.deps.timeline.list('rk-1'))
      if (type === 'step-started')
        await crashed.append('rk-1', {
          type,
          at,
          actor,
          summary,
          ...(step ? { step } : {}),
          ...(data ? { data } : {}),
        });
    (twice.deps.clock as ManualClock).advance(10 * 60_000);
    await runSteps('rk-1', steps(), { ...twice.deps, timeline: crashed });
    expect(masked(twice.state())).toBe(masked(once.state()));
    const [first, retried] = [once.state(), twice.state()].map((state) =>
      [...state.matchAll(cutoffs)].map((m) => m[1] as string),
    );
    // Each cut-off the retry moved moved later, never earlier: no session the first attempt denied is let in.
    expect(retried?.every((cutoff, i) => cutoff >= (first?.[i] ?? ''))).toBe(true);
  });

  it('still undoes, after a crash and a retry, what the crashed attempt changed', async () => {
    const { deps, state } = await readyWorld();
    const before = reversible(state());
    await runSteps('rk-1', steps(), deps);
    const crashed = new MemoryTimelineStore();
    for (const { type, at, actor, summary, step, data } of await deps.timeline.list('rk-1'))
      if (type === 'step-started')
        await crashed.append('rk-1', {
          type,
          at,
          actor,
          summary,
          ...(step ? { step } : {}),
          ...(data ? { data } : {}),
        });
    const retried = { ...deps, timeline: crashed };
    await runSteps('rk-1', steps(), retried);
    const results = await rollback('rk-1', { actor: 'test' }, retried);
    expect(results.every((r) => r.result === 'restored')).toBe(true);
    expect(reversible(state())).toEqual(before);
  });

  it('leaves the same state when run twice at the same instant without any journal', async () => {
    const still = { sleep: async () => undefined };
    const once = await readyWorld();
    await runSteps('rk-1', steps(), { ...once.deps, ...still });
    const twice = await readyWorld();
    await runSteps('rk-1', steps(), { ...twice.deps, ...still });
    const again = await runSteps('rk-1', steps(), {
      ...twice.deps,
      ...still,
      timeline: new MemoryTimelineStore(),
    });
    expect(twice.state()).toBe(once.state());
    expect(again.filter((o) => o.status === 'changed').map((o) => o.step)).toEqual([]);
  });

  it('restores everything reversible on rollback; what AWS cannot undo stays, as the journal says', async () => {
    const { sandbox, deps, state } = await readyWorld();
    const before = reversible(state());
    const outcomes = await runSteps('rk-1', steps(), deps);
    const results = await rollback('rk-1', { actor: 'test' }, deps);
    expect(results.every((r) => r.result === 'restored')).toBe(true);
    expect(results.map((r) => r.step).sort()).toEqual(
      outcomes
        .filter((o) => o.undo)
        .map((o) => o.step)
        .sort(),
    );
    expect(reversible(state())).toEqual(before);
    // A console password is not given back: Rekey creates no login profile (an administrator sets a new one).
    expect(sandbox.users.get('alice')?.loginProfile).toBeUndefined();
    expect(outcomes.find((o) => o.step === 'console')?.undo).toBeUndefined();
    expect(outcomes.find((o) => o.step === 'rotate')?.undo).toBeUndefined();
    expect(outcomes.find((o) => o.step === 'root-credentials')?.undo).toBeUndefined();
  });

  it('makes no mutating call in simulate mode, plans a permission check for each mutating action, and only reads for the others', async () => {
    const { sandbox, deps, state } = await readyWorld();
    const checked: string[] = [];
    const permissions: Permissions = {
      check: async (calls) => {
        checked.push(...calls.map((c) => c.operation));
        return calls.map((c) => ({ ...c, allowed: true, reason: 'test' }));
      },
    };
    const before = state();
    const outcomes = await runSteps('rk-1', steps(), { ...deps, mode: 'simulate', permissions });
    expect(state()).toBe(before);
    expect(sandbox.apiCalls.filter((c) => MUTATING.test(c.operation))).toEqual([]);
    for (const [i, o] of outcomes.entries())
      expect(o.status, o.step).toBe(
        ACTION_DESCRIPTORS[steps()[i]?.action as keyof typeof ACTION_DESCRIPTORS].mutating
          ? 'simulated'
          : 'unchanged',
      );
    expect(checked).toEqual(
      expect.arrayContaining([
        'iam:UpdateAccessKey',
        'iam:PutUserPolicy',
        'iam:PutRolePolicy',
        'iam:DeleteLoginProfile',
        'secretsmanager:RotateSecret',
        'secretsmanager:PutResourcePolicy',
        'sso:PutInlinePolicyToPermissionSet',
        'organizations:AttachPolicy',
        'sts:AssumeRoot',
      ]),
    );
  });
});
