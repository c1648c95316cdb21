import { describe, expect, it } from 'vitest';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import type { AccountSeedInput } from '../../../src/adapters/sandbox/account-seed.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { rollback } from '../../../src/app/rollback.js';
import { runSteps, type StepRequest } from '../../../src/app/run-steps.js';
import { NotContainableError } from '../../../src/domain/errors.js';
import { ManualClock } from '../../support/fixed-clock.js';

const account = '111122223333';
const key = 'AKIAIOSFODNN7EXAMPLE';
const session = 'ASIADEPLOYSESSION001';

function world(moreTrail: NonNullable<AccountSeedInput['cloudTrail']> = []) {
  const clock = new ManualClock('2026-11-28T10:00:00Z');
  const sandbox = new SandboxAccount(
    {
      id: account,
      users: [
        { name: 'alice', accessKeys: [{ id: key, createdAt: '2025-01-01T00:00:00Z' }] },
        {
          name: 'backdoor',
          loginProfile: { passwordResetRequired: false },
          accessKeys: [{ id: 'AKIABACKDOOR00000001', createdAt: '2026-11-28T09:10:00Z' }],
        },
      ],
      roles: [{ name: 'deployer' }],
      cloudTrail: [
        {
          eventTime: '2026-11-28T09:01:00Z',
          eventName: 'ListBuckets',
          eventSource: 's3.amazonaws.com',
          accessKeyId: key,
        },
        {
          eventTime: '2026-11-28T09:02:00Z',
          eventName: 'AssumeRole',
          eventSource: 'sts.amazonaws.com',
          accessKeyId: key,
          assumedRoleArn: `arn:aws:iam::${account}:role/deployer`,
          issuedAccessKeyId: session,
        },
        {
          eventTime: '2026-11-28T09:05:00Z',
          eventName: 'CreateUser',
          eventSource: 'iam.amazonaws.com',
          accessKeyId: session,
          createdUser: 'backdoor',
        },
        {
          eventTime: '2026-11-28T09:10:00Z',
          eventName: 'CreateAccessKey',
          eventSource: 'iam.amazonaws.com',
          accessKeyId: session,
          targetUser: 'backdoor',
          createdAccessKeyId: 'AKIABACKDOOR00000001',
        },
        {
          eventTime: '2026-11-28T09:11:00Z',
          eventName: 'CreateLoginProfile',
          eventSource: 'iam.amazonaws.com',
          accessKeyId: session,
          targetUser: 'backdoor',
        },
        {
          eventTime: '2026-11-28T09:12:00Z',
          eventName: 'AttachUserPolicy',
          eventSource: 'iam.amazonaws.com',
          accessKeyId: session,
          targetUser: 'backdoor',
        },
        {
          eventTime: '2026-11-28T09:20:00Z',
          eventName: 'ListBuckets',
          eventSource: 's3.amazonaws.com',
          accessKeyId: session,
          errorCode: 'AccessDenied',
        },
        ...moreTrail,
      ],
    },
    clock,
  );
  const deps = {
    identityFor: () => sandbox.identity(),
    auditTrailFor: () => sandbox.auditTrailPort(),
    timeline: new MemoryTimelineStore(),
    clock,
    actor: 'rekey:action',
    protection: { protectedPrincipals: [] as string[] },
  };
  return { sandbox, deps, clock };
}

const step = (action: StepRequest['action'], parameters: Record<string, unknown>): StepRequest[] => [
  { step: action, action, parameters: { accountId: account, regions: ['us-east-1'], ...parameters } },
];

describe('pivot', () => {
  it('follows the key to the role it assumed and what that session did', async () => {
    const { deps } = world();
    const [outcome] = await runSteps(
      'rk-1',
      step('pivot', { accessKeyId: key, since: '2026-11-28T08:00:00Z' }),
      deps,
    );
    expect(outcome?.facts).toMatchObject({
      // The key the session created is the attacker's too: what it does is followed.
      keys: [key, session, 'AKIABACKDOOR00000001'],
      createdKeys: [{ accessKeyId: 'AKIABACKDOOR00000001', by: session }],
      assumedRoles: [{ roleArn: `arn:aws:iam::${account}:role/deployer`, sessionKeyId: session, by: key }],
      roles: [{ kind: 'role', name: 'deployer', arn: `arn:aws:iam::${account}:role/deployer` }],
      calls: { 's3:ListBuckets': 2, 'sts:AssumeRole': 1, 'iam:CreateUser': 1 },
    });
    expect(outcome?.status).toBe('unchanged');
  });

  it('looks back, unless told, as far as the longest session a key can mint: 36 hours, not 12', async () => {
    const { deps, clock } = world();
    clock.advance(30 * 3600_000);
    const [outcome] = await runSteps('rk-1', step('pivot', { accessKeyId: key }), deps);
    expect(outcome?.facts?.roles).toEqual([expect.objectContaining({ name: 'deployer' })]);
    expect(outcome?.summary).toMatch(/since 2026-11-28T04:00:00/);
  });
  it('fails naming a hop whose CloudTrail it cannot read, with what it found for the steps that go on', async () => {
    const outside = 'arn:aws:iam::999988887777:role/vendor-admin';
    // As a cross-account AssumeRole reads in the caller's account: the key's session of a role elsewhere.
    const { sandbox, deps } = world([
      {
        eventTime: '2026-11-28T09:03:00Z',
        eventName: 'AssumeRole',
        eventSource: 'sts.amazonaws.com',
        accessKeyId: key,
        assumedRoleArn: outside,
        issuedAccessKeyId: 'ASIAVENDORSESSION001',
      },
    ]);
    const reach = {
      ...deps,
      identityFor: () => sandbox.identity(),
      auditTrailFor: (accountId: string, region: string) => {
        if (accountId !== account)
          throw new NotContainableError(`Rekey cannot assume arn:aws:iam::${accountId}:role/rekey-member`);
        return sandbox.auditTrailPort(region);
      },
    };
    await expect(
      runSteps('rk-1', step('pivot', { accessKeyId: key, since: '2026-11-28T08:00:00Z' }), reach),
    ).rejects.toMatchObject({
      name: 'IncompleteEvidenceError',
      message: expect.stringMatching(
        /assumed 2 role\(s\).*people must trace .*: ASIAVENDORSESSION001 in account 999988887777: Rekey cannot assume/,
      ),
    });
    const failed = (await deps.timeline.list('rk-1')).find((e) => e.type === 'step-failed');
    expect(failed?.data?.facts).toMatchObject({
      roles: [
        expect.objectContaining({ name: 'deployer', accountId: account }),
        expect.objectContaining({ name: 'vendor-admin', accountId: '999988887777' }),
      ],
      unreadable: [expect.stringContaining('999988887777')],
    });
  });
});

describe('what pivot passes on', () => {
  /** The key's AssumeRole calls, one a minute from 09:00 (no session key issued: nothing more to follow). */
  const assumed = (roleOf: (i: number) => string, count: number) =>
    Array.from({ length: count }, (_, i) => ({
      eventTime: new Date(Date.parse('2026-11-28T09:00:00Z') + i * 1000).toISOString(),
      eventName: 'AssumeRole',
      eventSource: 'sts.amazonaws.com',
      accessKeyId: key,
      assumedRoleArn: `arn:aws:iam::${account}:role/${roleOf(i)}`,
    }));

  it('keeps the first of each list with its whole count, so its facts stay within what Step Functions passes on', async () => {
    const { deps } = world(assumed(() => 'deployer', 150));
    const [outcome] = await runSteps(
      'rk-1',
      step('pivot', { accessKeyId: key, since: '2026-11-28T08:00:00Z' }),
      deps,
    );
    expect(outcome?.facts?.assumedRoles).toHaveLength(100);
    expect(outcome?.facts?.assumedRoleCount).toBe(151);
    expect(outcome?.facts?.roles).toEqual([expect.objectContaining({ name: 'deployer' })]);
  });

  it('escalates past 300 roles assumed, revoking the first 300', async () => {
    const { deps } = world(assumed((i) => `role-${i}`, 320));
    await expect(
      runSteps('rk-1', step('pivot', { accessKeyId: key, since: '2026-11-28T08:00:00Z' }), deps),
    ).rejects.toMatchObject({
      name: 'IncompleteEvidenceError',
      message: expect.stringMatching(
        /assumed 321 role\(s\): .* and 311 more.*the roles past the first 300 assumed/,
      ),
    });
    const failed = (await deps.timeline.list('rk-1')).find((e) => e.type === 'step-failed');
    expect((failed?.data?.facts as { roles?: unknown[] } | undefined)?.roles).toHaveLength(300);
    expect(JSON.stringify(failed?.data?.facts).length).toBeLessThan(100_000);
  });
});

describe('the regions an investigation searches', () => {
  it('are, unless given, every region enabled in the account', async () => {
    const clock = new ManualClock('2026-11-28T10:00:00Z');
    const sandbox = new SandboxAccount(
      {
        id: account,
        network: { regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'] },
        cloudTrail: [
          {
            eventTime: '2026-11-28T09:01:00Z',
            eventName: 'ListBuckets',
            eventSource: 's3.amazonaws.com',
            accessKeyId: key,
            region: 'ap-southeast-2',
          },
        ],
      },
      clock,
    );
    const [outcome] = await runSteps(
      'rk-1',
      [
        {
          step: 'pivot',
          action: 'pivot',
          parameters: { accountId: account, accessKeyId: key, since: '2026-11-28T08:00:00Z' },
        },
      ],
      {
        identityFor: () => sandbox.identity(),
        networkFor: () => sandbox.networkPort(),
        auditTrailFor: (_account, region) => sandbox.auditTrailPort(region),
        timeline: new MemoryTimelineStore(),
        clock,
        actor: 'rekey:action',
        protection: { protectedPrincipals: [] },
      },
    );
    expect(outcome?.facts).toMatchObject({
      regions: ['ap-southeast-2', 'eu-west-1', 'us-east-1'],
      calls: { 's3:ListBuckets': 1 },
    });
  });
});

describe('verify-containment', () => {
  it('holds when only denied calls follow the cut-off, and records them as the attacker stopped', async () => {
    const { deps } = world();
    const [outcome] = await runSteps(
      'rk-1',
      step('verify-containment', { accessKeyIds: [key, session], cutoff: '2026-11-28T09:15:00Z' }),
      deps,
    );
    expect(outcome?.facts).toMatchObject({
      verdict: 'holding',
      successful: [],
      denied: [{ call: 's3:ListBuckets', errorCode: 'AccessDenied' }],
    });
  });

  it('follows the key to the sessions it obtained before the cut-off: their successful calls breach it too', async () => {
    const { deps } = world();
    await expect(
      runSteps(
        'rk-1',
        step('verify-containment', { accessKeyIds: [key], cutoff: '2026-11-28T09:04:00Z' }),
        deps,
      ),
    ).rejects.toMatchObject({
      name: 'ContainmentBreachedError',
      message: expect.stringMatching(/iam:CreateUser by ASIADEPLOYSESSION001/),
    });
  });

  it('takes a key no step found (a role session whose origin has no key) as none', async () => {
    const { deps } = world();
    await expect(
      runSteps(
        'rk-1',
        step('verify-containment', { accessKeyIds: [null, key], cutoff: '2026-11-28T09:04:00Z' }),
        deps,
      ),
    ).rejects.toMatchObject({ name: 'ContainmentBreachedError' });
  });

  it('fails by name when a successful call follows the cut-off, naming the calls, for the playbook to re-raise', async () => {
    const { deps } = world();
    const run = runSteps(
      'rk-1',
      step('verify-containment', { accessKeyIds: [key, session], cutoff: '2026-11-28T09:04:00Z' }),
      deps,
    );
    await expect(run).rejects.toMatchObject({
      name: 'ContainmentBreachedError',
      message: expect.stringMatching(/4 successful call\(s\) after .*iam:CreateUser by ASIADEPLOYSESSION001/),
    });
    const [failed] = (await deps.timeline.list('rk-1')).filter((e) => e.type === 'step-failed');
    expect(failed?.data).toMatchObject({ error: 'ContainmentBreachedError' });
  });
});

describe('what verify-containment counts as the attacker stopped', () => {
  const verifyAfter = (
    errorCode: string | undefined,
    count = 1,
    call = { at: '2026-11-28T09:20:00Z', eventName: 'GetUser', eventSource: 'iam.amazonaws.com' },
  ) => {
    const clock = new ManualClock('2026-11-28T10:00:00Z');
    const sandbox = new SandboxAccount(
      {
        id: account,
        cloudTrail: Array.from({ length: count }, (_, i) => ({
          eventTime: new Date(Date.parse(call.at) + i * 1000).toISOString(),
          eventName: call.eventName,
          eventSource: call.eventSource,
          accessKeyId: key,
          ...(errorCode ? { errorCode } : {}),
        })),
      },
      clock,
    );
    return runSteps(
      'rk-1',
      [
        {
          step: 'verify',
          action: 'verify-containment',
          parameters: {
            accountId: account,
            accessKeyIds: [key],
            cutoff: '2026-11-28T09:15:00Z',
            regions: ['us-east-1'],
          },
        },
      ],
      {
        identityFor: () => sandbox.identity(),
        auditTrailFor: () => sandbox.auditTrailPort(),
        timeline: new MemoryTimelineStore(),
        clock,
        actor: 'rekey:action',
        protection: { protectedPrincipals: [] },
      },
    );
  };

  it('does not judge a call made while IAM was still spreading the deny, nor one IAM can never deny', async () => {
    await expect(
      verifyAfter(undefined, 1, {
        at: '2026-11-28T09:15:30Z',
        eventName: 'GetUser',
        eventSource: 'iam.amazonaws.com',
      }),
    ).resolves.toMatchObject([{ facts: { verdict: 'holding' } }]);
    await expect(
      verifyAfter(undefined, 1, {
        at: '2026-11-28T09:20:00Z',
        eventName: 'GetCallerIdentity',
        eventSource: 'sts.amazonaws.com',
      }),
    ).resolves.toMatchObject([{ facts: { verdict: 'holding' } }]);
    await expect(
      verifyAfter(undefined, 1, {
        at: '2026-11-28T09:16:00Z',
        eventName: 'GetUser',
        eventSource: 'iam.amazonaws.com',
      }),
    ).rejects.toMatchObject({ name: 'ContainmentBreachedError' });
  });

  it.each(['AccessDenied', 'InvalidClientTokenId', 'ExpiredToken', 'Client.UnauthorizedOperation'])(
    'a call refused with %s: the containment holds',
    async (code) => {
      await expect(verifyAfter(code)).resolves.toMatchObject([{ facts: { verdict: 'holding' } }]);
    },
  );

  it.each(['NoSuchEntity', 'ValidationError', 'EntityAlreadyExists'])(
    'a call that failed with %s passed authorisation: the containment is breached',
    async (code) => {
      await expect(verifyAfter(code)).rejects.toMatchObject({ name: 'ContainmentBreachedError' });
    },
  );

  it('will not call it holding when CloudTrail held more refused calls than it reads', async () => {
    await expect(verifyAfter('AccessDenied', 1001)).rejects.toMatchObject({
      name: 'IncompleteEvidenceError',
      message: expect.stringMatching(/oldest, closest to the cut-off, unread/),
    });
  });
});

describe('find-persistence and sweep-persistence', () => {
  const find = async (deps: ReturnType<typeof world>['deps'], incident = 'rk-1') => {
    const [found] = await runSteps(
      incident,
      step('find-persistence', { accessKeyIds: [key, null], since: '2026-11-28T08:00:00Z' }),
      deps,
    );
    return found?.facts as { artefacts: Array<Record<string, unknown>>; toReview: string[]; keys: string[] };
  };
  const sweepAll = async (
    deps: ReturnType<typeof world>['deps'],
    artefacts: Array<Record<string, unknown>>,
    incident = 'rk-1',
  ) =>
    runSteps(
      incident,
      artefacts.map((artefact, i) => ({
        step: `sweep[${i}]`,
        action: 'sweep-persistence' as const,
        parameters: { accountId: account, artefact },
      })),
      deps,
    );

  it('finds what the key and the sessions it minted created, and what they left to people', async () => {
    const { deps } = world();
    const facts = await find(deps);
    expect(facts.keys).toEqual([key, session, 'AKIABACKDOOR00000001']);
    expect(facts.artefacts).toEqual([
      expect.objectContaining({ kind: 'user', name: 'backdoor', by: session, call: 'iam:CreateUser' }),
      expect.objectContaining({
        kind: 'access-key',
        userName: 'backdoor',
        accessKeyId: 'AKIABACKDOOR00000001',
        onCreated: true,
      }),
      expect.objectContaining({ kind: 'login-profile', userName: 'backdoor', onCreated: true }),
    ]);
    // What it attached to the user it created is held by the freeze: nothing left to review.
    expect(facts.toReview).toEqual([]);
  });

  it("neutralises the attacker's user, key and console password, and rolls back what can be", async () => {
    const { sandbox, deps } = world();
    const outcomes = await sweepAll(deps, (await find(deps)).artefacts);
    expect(outcomes.map((o) => o.status)).toEqual(['changed', 'changed', 'changed']);
    const backdoor = sandbox.users.get('backdoor');
    expect(backdoor?.accessKeys[0]?.status).toBe('Inactive');
    expect(backdoor?.loginProfile).toBeUndefined();
    expect([...(backdoor?.inlinePolicies.keys() ?? [])]).toEqual(['rekey-sweep-rk-1']);
    await rollback('rk-1', { actor: 'test' }, deps);
    expect(backdoor?.accessKeys[0]?.status).toBe('Active');
    expect(backdoor?.inlinePolicies.size).toBe(0);
    // The attacker's console password stays removed: Rekey creates no login profile.
    expect(backdoor?.loginProfile).toBeUndefined();
  });

  it('freezes a user the attacker created even if the attacker tagged it rekey:protected, and leaves a protected one to people', async () => {
    const { sandbox, deps } = world();
    const tagged = sandbox.users.get('backdoor');
    if (tagged) tagged.tags['rekey:protected'] = 'true';
    const [frozen] = await sweepAll(deps, (await find(deps)).artefacts);
    expect([...(sandbox.users.get('backdoor')?.inlinePolicies.keys() ?? [])]).toEqual(['rekey-sweep-rk-1']);
    expect(frozen?.status).toBe('changed');
    const { sandbox: again, deps: againDeps } = world();
    const protectedDeps = {
      ...againDeps,
      protection: { protectedPrincipals: [`arn:aws:iam::${account}:user/backdoor`] },
    };
    const skipped = await sweepAll(protectedDeps, (await find(protectedDeps, 'rk-2')).artefacts, 'rk-2');
    expect(again.users.get('backdoor')?.accessKeys[0]?.status).toBe('Active');
    expect(skipped.map((o) => o.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(skipped[0]?.summary).toMatch(/user backdoor created: left to people, .*protected/);
  });
});

describe("a role's trust opened to another account", () => {
  const outside = '999988887777';
  const opened = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' },
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${outside}:user/mallory` },
        Action: 'sts:AssumeRole',
      },
    ],
  };

  function opening() {
    const { sandbox, deps, clock } = world();
    const deployer = sandbox.roles.get('deployer');
    const before = deployer?.trustPolicy;
    if (deployer) deployer.trustPolicy = opened as never;
    sandbox.auditEvents.push({
      eventId: 'trust-edit',
      eventTime: '2026-11-28T09:15:00Z',
      eventName: 'UpdateAssumeRolePolicy',
      eventSource: 'iam.amazonaws.com',
      region: 'us-east-1',
      accessKeyId: key,
      targetRole: 'deployer',
      trustPolicy: JSON.stringify(opened),
    });
    return { sandbox, deps, clock, before };
  }

  it('is found with the principals outside the account it lets in', async () => {
    const { deps } = opening();
    const [found] = await runSteps(
      'rk-1',
      step('find-persistence', { accessKeyIds: [key], since: '2026-11-28T08:00:00Z' }),
      deps,
    );
    expect((found?.facts as { artefacts: unknown[] } | undefined)?.artefacts).toContainEqual(
      expect.objectContaining({
        kind: 'trust-policy',
        roleName: 'deployer',
        principals: [`arn:aws:iam::${outside}:user/mallory`],
      }),
    );
  });

  it("is closed to that account by a Deny in the trust, the role's older sessions revoked, and put back on rollback", async () => {
    const { sandbox, deps } = opening();
    const artefact = {
      kind: 'trust-policy',
      roleName: 'deployer',
      principals: [`arn:aws:iam::${outside}:user/mallory`],
      at: '2026-11-28T09:15:00Z',
      by: key,
      call: 'iam:UpdateAssumeRolePolicy',
    };
    const [outcome] = await runSteps(
      'rk-1',
      [{ step: 'sweep[0]', action: 'sweep-persistence', parameters: { accountId: account, artefact } }],
      deps,
    );
    expect(outcome?.status).toBe('changed');
    const trust = sandbox.roles.get('deployer')?.trustPolicy as { Statement: unknown[] };
    expect(trust.Statement).toEqual([
      ...opened.Statement,
      {
        Sid: 'RekeySweepDenyOutsideAccounts',
        Effect: 'Deny',
        Principal: { AWS: [`arn:aws:iam::${outside}:root`] },
        Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
      },
    ]);
    expect([...(sandbox.roles.get('deployer')?.inlinePolicies.keys() ?? [])]).toEqual(['rekey-sweep-rk-1']);
    const [again] = await runSteps(
      'rk-1',
      [{ step: 'sweep[0]', action: 'sweep-persistence', parameters: { accountId: account, artefact } }],
      deps,
    );
    expect(again?.status).toBe('changed');
    await rollback('rk-1', { actor: 'test' }, deps);
    expect(sandbox.roles.get('deployer')?.trustPolicy).toEqual(opened);
    expect(sandbox.roles.get('deployer')?.inlinePolicies.size).toBe(0);
  });
});
