import { describe, expect, it } from 'vitest';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import type { AccountSeedInput } from '../../../src/adapters/sandbox/account-seed.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { recallSteps } from '../../../src/app/recall-steps.js';
import { rollback } from '../../../src/app/rollback.js';
import { runSteps, type StepRequest } from '../../../src/app/run-steps.js';
import { auditEventOf } from '../../../src/domain/cloudtrail-record.js';
import { NotContainableError } from '../../../src/domain/errors.js';
import { ManualClock } from '../../support/fixed-clock.js';

const account = '111122223333';
const toolingAccount = '444455556666';
const session = 'ASIADEPLOYSESSION001';
const assume = (extra: Record<string, unknown>) => ({
  eventTime: '2026-11-28T09:02:00Z',
  eventName: 'AssumeRole',
  eventSource: 'sts.amazonaws.com',
  assumedRoleArn: `arn:aws:iam::${account}:role/deployer`,
  issuedAccessKeyId: session,
  ...extra,
});

/**
 * One cross-account AssumeRole as CloudTrail writes it in each account (AWS's documented example shape): in the
 * role's account the caller is an `AWSAccount` (account id and principal id only); in the caller's account it is
 * the IAM user with its key; both carry one sharedEventID.
 */
function crossAccountAssumeRole(copy: 'role-account' | 'caller-account'): Record<string, unknown> {
  const caller =
    copy === 'role-account'
      ? { type: 'AWSAccount', principalId: 'AIDADEPLOYBOTEXAMPLE', accountId: toolingAccount }
      : {
          type: 'IAMUser',
          principalId: 'AIDADEPLOYBOTEXAMPLE',
          arn: `arn:aws:iam::${toolingAccount}:user/deploy-bot`,
          accountId: toolingAccount,
          accessKeyId: 'AKIADEPLOYBOT0000001',
          userName: 'deploy-bot',
        };
  return {
    eventVersion: '1.08',
    userIdentity: caller,
    eventTime: '2026-11-28T09:02:00Z',
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.15.30',
    requestParameters: { roleArn: `arn:aws:iam::${account}:role/deployer`, roleSessionName: 'release-42' },
    responseElements: {
      credentials: {
        accessKeyId: session,
        expiration: 'Nov 28, 2026, 10:02:00 AM',
        sessionToken: 'redacted',
      },
      assumedRoleUser: {
        assumedRoleId: 'AROADEPLOYEREXAMPLE01:release-42',
        arn: `arn:aws:sts::${account}:assumed-role/deployer/release-42`,
      },
    },
    requestID: '6b3c1f2e-0000-4000-8000-000000000001',
    eventID:
      copy === 'role-account'
        ? 'e0000000-0000-4000-8000-00000000000a'
        : 'e0000000-0000-4000-8000-00000000000b',
    readOnly: true,
    resources: [{ accountId: account, type: 'AWS::IAM::Role', ARN: `arn:aws:iam::${account}:role/deployer` }],
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: copy === 'role-account' ? account : toolingAccount,
    sharedEventID: 'a1b2c3d4-0000-4000-8000-0000000000ff',
    eventCategory: 'Management',
  };
}

function world(
  cloudTrail: AccountSeedInput['cloudTrail'],
  toolingTrail: AccountSeedInput['cloudTrail'] = [],
) {
  const clock = new ManualClock('2026-11-28T10:00:00Z');
  const sandbox = new SandboxAccount(
    {
      id: account,
      users: [
        { name: 'ci-bot', accessKeys: [{ id: 'AKIACIBOTKEY00000001', createdAt: '2025-01-01T00:00:00Z' }] },
      ],
      roles: [{ name: 'deployer' }, { name: 'jump' }],
      cloudTrail,
    },
    clock,
  );
  const tooling = new SandboxAccount(
    {
      id: toolingAccount,
      users: [
        {
          name: 'deploy-bot',
          accessKeys: [{ id: 'AKIADEPLOYBOT0000001', createdAt: '2025-01-01T00:00:00Z' }],
        },
      ],
      cloudTrail: toolingTrail,
    },
    clock,
  );
  // As the member role reaches them: this account and the tooling account; any other is out of reach.
  const reach: Record<string, SandboxAccount> = { [account]: sandbox, [toolingAccount]: tooling };
  const deps = {
    identityFor: (accountId: string) => {
      const there = reach[accountId];
      if (!there)
        throw new NotContainableError(`Rekey cannot assume arn:aws:iam::${accountId}:role/rekey-member`);
      return there.identity();
    },
    auditTrailFor: (accountId: string, region: string) => {
      const there = reach[accountId];
      if (!there)
        throw new NotContainableError(`Rekey cannot assume arn:aws:iam::${accountId}:role/rekey-member`);
      return there.auditTrailPort(region);
    },
    timeline: new MemoryTimelineStore(),
    clock,
    actor: 'rekey:action',
    protection: { protectedPrincipals: [] },
  };
  return { sandbox, tooling, deps };
}

const step: StepRequest[] = [
  {
    step: 'source',
    action: 'contain-session-source',
    parameters: {
      accountId: account,
      roleName: 'deployer',
      sessionKeyId: session,
      since: '2026-11-28T08:00:00Z',
      regions: ['us-east-1'],
    },
  },
];

describe('contain-session-source', () => {
  it("deactivates the IAM user's key that assumed the role and revokes the user's sessions, reversibly", async () => {
    const { sandbox, deps } = world([
      assume({
        principalType: 'IAMUser',
        principalArn: `arn:aws:iam::${account}:user/ci-bot`,
        accessKeyId: 'AKIACIBOTKEY00000001',
      }),
    ]);
    const [outcome] = await runSteps('rk-1', step, deps);
    expect(outcome?.facts).toMatchObject({
      source: `arn:aws:iam::${account}:user/ci-bot`,
      via: 'AKIACIBOTKEY00000001',
    });
    expect(sandbox.users.get('ci-bot')?.accessKeys[0]?.status).toBe('Inactive');
    expect([...(sandbox.users.get('ci-bot')?.inlinePolicies.keys() ?? [])]).toEqual([
      'rekey-revoke-sessions-rk-1',
    ]);
    await rollback('rk-1', { actor: 'test' }, deps);
    expect(sandbox.users.get('ci-bot')?.accessKeys[0]?.status).toBe('Active');
    expect(sandbox.users.get('ci-bot')?.inlinePolicies.size).toBe(0);
  });

  it('contains a source in another account of the organisation there, through the member role, and rolls back there', async () => {
    // As CloudTrail records a cross-account AssumeRole: the role's account names only the calling account.
    const { sandbox, tooling, deps } = world(
      [auditEventOf(crossAccountAssumeRole('role-account'), 'us-east-1')],
      [auditEventOf(crossAccountAssumeRole('caller-account'), 'us-east-1')],
    );
    const [outcome] = await runSteps('rk-1', step, deps);
    expect(outcome?.facts).toMatchObject({ sourceAccount: toolingAccount });
    expect(tooling.users.get('deploy-bot')?.accessKeys[0]?.status).toBe('Inactive');
    expect([...(tooling.users.get('deploy-bot')?.inlinePolicies.keys() ?? [])]).toEqual([
      'rekey-revoke-sessions-rk-1',
    ]);
    expect(sandbox.apiCalls.filter((c) => /^(Update|Put)/.test(c.operation))).toEqual([]);
    await rollback('rk-1', { actor: 'test' }, deps);
    expect(tooling.users.get('deploy-bot')?.accessKeys[0]?.status).toBe('Active');
    expect(tooling.users.get('deploy-bot')?.inlinePolicies.size).toBe(0);
  });

  it('plans the calls on the source it finds, for simulate mode to check, and changes nothing', async () => {
    const { sandbox, deps } = world([
      assume({
        principalType: 'IAMUser',
        principalArn: `arn:aws:iam::${account}:user/ci-bot`,
        accessKeyId: 'AKIACIBOTKEY00000001',
      }),
    ]);
    const checked: string[] = [];
    const [outcome] = await runSteps('rk-1', step, {
      ...deps,
      mode: 'simulate',
      permissions: {
        check: async (calls) => {
          checked.push(...calls.map((c) => `${c.operation} ${c.resource}`));
          return calls.map((c) => ({ ...c, allowed: true, reason: 'test' }));
        },
      },
    });
    expect(outcome?.status).toBe('simulated');
    expect(checked).toEqual([
      `iam:UpdateAccessKey arn:aws:iam::${account}:user/ci-bot`,
      `iam:PutUserPolicy arn:aws:iam::${account}:user/ci-bot`,
    ]);
    expect(sandbox.users.get('ci-bot')?.accessKeys[0]?.status).toBe('Active');
  });

  it('escalates, saying why, when the issuing call is older than the newest calls on the role it reads', async () => {
    const busy = Array.from({ length: 1000 }, (_, i) =>
      assume({
        eventTime: new Date(Date.parse('2026-11-28T09:10:00Z') + i * 1000).toISOString(),
        issuedAccessKeyId: `ASIABUSY${String(i).padStart(12, '0')}`,
        principalType: 'AWSService',
      }),
    );
    const { deps } = world([
      assume({ principalType: 'IAMUser', principalArn: `arn:aws:iam::${account}:user/ci-bot` }),
      ...busy,
    ]);
    await expect(runSteps('rk-1', step, deps)).rejects.toMatchObject({
      name: 'NotContainableError',
      message: expect.stringMatching(
        /not among the newest 1000 calls on arn:aws:iam::111122223333:role\/deployer/,
      ),
    });
  });

  const jumpArn = `arn:aws:iam::${account}:role/jump`;
  /** The jump role's session as a tooling user's key obtained it, cross-account (AWS's shape, both copies). */
  function jumpFromTooling(copy: 'role-account' | 'caller-account') {
    const record = crossAccountAssumeRole(copy);
    return auditEventOf(
      {
        ...record,
        eventTime: '2026-11-28T09:01:00Z',
        requestParameters: { roleArn: jumpArn, roleSessionName: 'alice' },
        responseElements: {
          credentials: { accessKeyId: 'ASIAJUMPSESSION00001', sessionToken: 'redacted' },
          assumedRoleUser: {
            assumedRoleId: 'AROAJUMPEXAMPLE00001:alice',
            arn: `arn:aws:sts::${account}:assumed-role/jump/alice`,
          },
        },
        eventID: `${String(record.eventID).slice(0, -1)}e`,
        resources: [{ accountId: account, type: 'AWS::IAM::Role', ARN: jumpArn }],
        sharedEventID: 'a1b2c3d4-0000-4000-8000-0000000000ee',
      },
      'us-east-1',
    );
  }
  const fromJump = assume({
    principalType: 'AssumedRole',
    principalArn: `arn:aws:sts::${account}:assumed-role/jump/alice`,
    accessKeyId: 'ASIAJUMPSESSION00001',
  });

  it('traces a chain back to the key at its origin: the roles in between revoked, the key deactivated, all undone', async () => {
    // deploy-bot's key (tooling) assumed jump (cross-account), whose session assumed deployer.
    const { sandbox, tooling, deps } = world(
      [fromJump, jumpFromTooling('role-account')],
      [jumpFromTooling('caller-account')],
    );
    const [outcome] = await runSteps('rk-1', step, deps);
    expect(outcome?.facts).toMatchObject({
      source: `arn:aws:iam::${toolingAccount}:user/deploy-bot`,
      sourceAccount: toolingAccount,
      via: 'AKIADEPLOYBOT0000001',
      chain: [`arn:aws:iam::${toolingAccount}:user/deploy-bot`, jumpArn],
    });
    expect([...(sandbox.roles.get('jump')?.inlinePolicies.keys() ?? [])]).toEqual([
      'rekey-revoke-sessions-rk-1',
    ]);
    expect(tooling.users.get('deploy-bot')?.accessKeys[0]?.status).toBe('Inactive');
    await rollback('rk-1', { actor: 'test' }, deps);
    expect(sandbox.roles.get('jump')?.inlinePolicies.size).toBe(0);
    expect(tooling.users.get('deploy-bot')?.accessKeys[0]?.status).toBe('Active');
    expect(tooling.users.get('deploy-bot')?.inlinePolicies.size).toBe(0);
  });

  it('fails on a protected link after containing the origin key, still giving the origin it found to the steps after it', async () => {
    // deploy-bot's key (tooling) assumed jump, protected here, whose session assumed deployer.
    const { tooling, deps } = world(
      [fromJump, jumpFromTooling('role-account')],
      [jumpFromTooling('caller-account')],
    );
    const protectedJump = { ...deps, protection: { protectedPrincipals: [jumpArn] } };
    await expect(runSteps('rk-1', step, protectedJump)).rejects.toMatchObject({
      name: 'NotContainableError',
      message: expect.stringContaining(`${jumpArn}: `),
    });
    expect(tooling.users.get('deploy-bot')?.accessKeys[0]?.status).toBe('Inactive');
    const failed = (await deps.timeline.list('rk-1')).find((e) => e.type === 'step-failed');
    expect(failed?.data?.facts).toMatchObject({
      source: `arn:aws:iam::${toolingAccount}:user/deploy-bot`,
      sourceAccount: toolingAccount,
      via: 'AKIADEPLOYBOT0000001',
      contained: [expect.stringContaining('AKIADEPLOYBOT0000001'), expect.stringContaining('deploy-bot')],
      left: [expect.stringContaining(jumpArn)],
    });
    // As the playbook's recall reads it for find-persistence and verify-containment (the fallbacks were nulls).
    const fallback = { step: 'source', status: 'failed', facts: { sourceAccount: null, via: null } };
    const { results, failed: which } = await recallSteps('rk-1', { source: fallback }, deps.timeline);
    expect(which).toBe('source');
    expect(results.source?.facts).toMatchObject({
      sourceAccount: toolingAccount,
      via: 'AKIADEPLOYBOT0000001',
    });
    // The rollback undoes what was contained before the failure, as the review lists it.
    await rollback('rk-1', { actor: 'test' }, deps);
    expect(tooling.users.get('deploy-bot')?.accessKeys[0]?.status).toBe('Active');
  });

  it('revokes the sessions of the other roles the origin key assumed: deactivating the key does not end them', async () => {
    const { sandbox, deps } = world([
      assume({
        principalType: 'IAMUser',
        principalArn: `arn:aws:iam::${account}:user/ci-bot`,
        accessKeyId: 'AKIACIBOTKEY00000001',
      }),
      assume({
        eventTime: '2026-11-28T09:05:00Z',
        principalType: 'IAMUser',
        principalArn: `arn:aws:iam::${account}:user/ci-bot`,
        accessKeyId: 'AKIACIBOTKEY00000001',
        assumedRoleArn: jumpArn,
        issuedAccessKeyId: 'ASIAJUMPSESSION00002',
      }),
    ]);
    const [outcome] = await runSteps('rk-1', step, deps);
    expect(outcome?.facts).toMatchObject({ minted: [jumpArn] });
    expect([...(sandbox.roles.get('jump')?.inlinePolicies.keys() ?? [])]).toEqual([
      'rekey-revoke-sessions-rk-1',
    ]);
    // The step's own role is revoked by the playbook's first step, not again here.
    expect(sandbox.roles.get('deployer')?.inlinePolicies.size).toBe(0);
    await rollback('rk-1', { actor: 'test' }, deps);
    expect(sandbox.roles.get('jump')?.inlinePolicies.size).toBe(0);
  });

  it('plans a call for every link of the chain', async () => {
    const { deps } = world([fromJump, jumpFromTooling('role-account')], [jumpFromTooling('caller-account')]);
    const checked: string[] = [];
    await runSteps('rk-1', step, {
      ...deps,
      mode: 'simulate',
      permissions: {
        check: async (calls) => {
          checked.push(...calls.map((c) => `${c.operation} ${c.resource}`));
          return calls.map((c) => ({ ...c, allowed: true, reason: 'test' }));
        },
      },
    });
    expect(checked).toEqual([
      `iam:UpdateAccessKey arn:aws:iam::${toolingAccount}:user/deploy-bot`,
      `iam:PutUserPolicy arn:aws:iam::${toolingAccount}:user/deploy-bot`,
      `iam:PutRolePolicy ${jumpArn}`,
    ]);
  });

  it('revokes the links it traced, then escalates naming the link it could not trace; a rollback undoes them', async () => {
    const { sandbox, deps } = world([fromJump]);
    await expect(runSteps('rk-1', step, deps)).rejects.toMatchObject({
      name: 'NotContainableError',
      message: expect.stringMatching(
        /traced back through arn:aws:iam::111122223333:role\/jump \(jump's sessions issued before .* denied .*\), but people must finish: the source of jump's session ASIAJUMPSESSION00001 is not in CloudTrail/,
      ),
    });
    expect([...(sandbox.roles.get('jump')?.inlinePolicies.keys() ?? [])]).toEqual([
      'rekey-revoke-sessions-rk-1',
    ]);
    await rollback('rk-1', { actor: 'test' }, deps);
    expect(sandbox.roles.get('jump')?.inlinePolicies.size).toBe(0);
  });

  it('stops at a loop (a role chained from its own earlier session) and escalates', async () => {
    const { sandbox, deps } = world([
      assume({
        principalType: 'AssumedRole',
        principalArn: `arn:aws:sts::${account}:assumed-role/deployer/again`,
        accessKeyId: session,
      }),
    ]);
    await expect(runSteps('rk-1', step, deps)).rejects.toMatchObject({
      message: expect.stringMatching(/the chain loops back to session ASIADEPLOYSESSION001/),
    });
    expect([...(sandbox.roles.get('deployer')?.inlinePolicies.keys() ?? [])]).toEqual([
      'rekey-revoke-sessions-rk-1',
    ]);
  });

  it.each([
    [
      'a SAML identity provider, named by its ARN (the record names only an issuer hash in userIdentity)',
      auditEventOf(
        {
          eventVersion: '1.08',
          userIdentity: {
            type: 'SAMLUser',
            principalId: 'SampleUkh1i4+ExamplexL/jEvs=:SamlExample',
            userName: 'SamlExample',
            identityProvider: 'bdGOnTesti4+ExamplexL/jEvs=',
          },
          eventTime: '2026-11-28T09:02:00Z',
          eventSource: 'sts.amazonaws.com',
          eventName: 'AssumeRoleWithSAML',
          awsRegion: 'us-east-1',
          requestParameters: {
            sAMLAssertionID: '_c0046cEXAMPLEb9d4b8eEXAMPLE2619aEXAMPLE',
            roleSessionName: 'SamlExample',
            principalArn: `arn:aws:iam::${account}:saml-provider/okta`,
            roleArn: `arn:aws:iam::${account}:role/deployer`,
          },
          responseElements: { credentials: { accessKeyId: session } },
          eventID: 'e0000000-0000-4000-8000-00000000000c',
          recipientAccountId: account,
        },
        'us-east-1',
      ),
      /federated identity \(AssumeRoleWithSAML\) from the identity provider arn:aws:iam::111122223333:saml-provider\/okta, as SampleUkh1i4/,
    ],
    [
      'a web identity provider',
      auditEventOf(
        {
          userIdentity: {
            type: 'WebIdentityUser',
            principalId: 'accounts.google.com:client.apps.googleusercontent.com:id12345678',
            userName: 'id12345678',
            identityProvider: 'accounts.google.com',
          },
          eventTime: '2026-11-28T09:02:00Z',
          eventSource: 'sts.amazonaws.com',
          eventName: 'AssumeRoleWithWebIdentity',
          awsRegion: 'us-east-1',
          requestParameters: { roleArn: `arn:aws:iam::${account}:role/deployer`, roleSessionName: 'app1' },
          responseElements: { credentials: { accessKeyId: session } },
          eventID: 'e0000000-0000-4000-8000-00000000000d',
        },
        'us-east-1',
      ),
      /identity provider accounts\.google\.com/,
    ],
    [
      'in an account Rekey cannot reach (another organisation, or no member role)',
      {
        ...auditEventOf(crossAccountAssumeRole('role-account'), 'us-east-1'),
        principalAccountId: '999999999999',
      },
      /principal AIDADEPLOYBOTEXAMPLE of account 999999999999, whose CloudTrail Rekey cannot read .*cannot assume/,
    ],
    [
      'in a reachable account whose CloudTrail holds no copy of the call',
      auditEventOf(crossAccountAssumeRole('role-account'), 'us-east-1'),
      /principal AIDADEPLOYBOTEXAMPLE of account 444455556666: its account's CloudTrail holds no copy/,
    ],
    [
      'nobody CloudTrail recorded',
      assume({ issuedAccessKeyId: 'ASIAOTHERSESSION0001' }),
      /not in CloudTrail/,
    ],
  ])('escalates when the source is %s', async (_what, event, reason) => {
    const { deps } = world([event]);
    await expect(runSteps('rk-1', step, deps)).rejects.toMatchObject({
      name: 'NotContainableError',
      message: expect.stringMatching(reason),
    });
  });

  it('still undoes, on rollback, the key it deactivated when revoking the source user then failed', async () => {
    const clock = new ManualClock('2026-11-28T10:00:00Z');
    const big = {
      Version: '2012-10-17' as const,
      Statement: [{ Sid: 'x'.repeat(1900), Effect: 'Deny' as const, Action: 'x:y', Resource: '*' }],
    };
    const filler = (i: number) => ({
      name: `filler-${i}`,
      document: {
        Version: '2012-10-17' as const,
        Statement: [{ Effect: 'Allow' as const, Action: 's3:GetObject', Resource: '*' }],
      },
    });
    const sandbox = new SandboxAccount(
      {
        id: account,
        policies: Array.from({ length: 10 }, (_, i) => filler(i)),
        users: [
          {
            name: 'ci-bot',
            inlinePolicies: { big },
            managedPolicies: Array.from(
              { length: 10 },
              (_, i) => `arn:aws:iam::${account}:policy/filler-${i}`,
            ),
            accessKeys: [{ id: 'AKIACIBOTKEY00000001', createdAt: '2025-01-01T00:00:00Z' }],
          },
        ],
        roles: [{ name: 'deployer' }],
        cloudTrail: [
          assume({
            principalType: 'IAMUser',
            principalArn: `arn:aws:iam::${account}:user/ci-bot`,
            accessKeyId: 'AKIACIBOTKEY00000001',
          }),
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
      protection: { protectedPrincipals: [] },
    };
    await expect(runSteps('rk-1', step, deps)).rejects.toMatchObject({ name: 'NotContainableError' });
    expect(sandbox.users.get('ci-bot')?.accessKeys[0]?.status).toBe('Inactive');
    const [undone] = await rollback('rk-1', { actor: 'test' }, deps);
    expect(undone).toMatchObject({ step: 'source', result: 'restored' });
    expect(sandbox.users.get('ci-bot')?.accessKeys[0]?.status).toBe('Active');
  });
});
