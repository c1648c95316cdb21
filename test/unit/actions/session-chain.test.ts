import { describe, expect, it } from 'vitest';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import type { AccountSeedInput } from '../../../src/adapters/sandbox/account-seed.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { rollback } from '../../../src/app/rollback.js';
import { runSteps, type StepRequest } from '../../../src/app/run-steps.js';
import { NotContainableError } from '../../../src/domain/errors.js';
import { ManualClock } from '../../support/fixed-clock.js';

// How contain-session-source holds against a chain an attacker shaped: each case is one way to keep the origin key.
const account = '111122223333';
const outside = '999988887777';
const session = 'ASIADEPLOYSESSION001';
const ciBotKey = 'AKIACIBOTKEY00000001';
const ciBot = {
  principalType: 'IAMUser',
  principalArn: `arn:aws:iam::${account}:user/ci-bot`,
  accessKeyId: ciBotKey,
};
const assume = (extra: Record<string, unknown>) => ({
  eventTime: '2026-11-28T09:02:00Z',
  eventName: 'AssumeRole',
  eventSource: 'sts.amazonaws.com',
  assumedRoleArn: `arn:aws:iam::${account}:role/deployer`,
  issuedAccessKeyId: session,
  ...extra,
});
/** deployer's session was assumed by a session of `role`, which ci-bot's key (or `by`) had assumed at 09:01. */
const through = (role: string, roleArn = `arn:aws:iam::${account}:role/${role}`, by = ciBot) => [
  assume({
    principalType: 'AssumedRole',
    principalArn: `arn:aws:sts::${account}:assumed-role/${role}/alice`,
    sessionIssuerArn: roleArn,
    accessKeyId: 'ASIAJUMPSESSION00001',
  }),
  assume({
    ...by,
    eventTime: '2026-11-28T09:01:00Z',
    assumedRoleArn: roleArn,
    issuedAccessKeyId: 'ASIAJUMPSESSION00001',
  }),
];

function world(
  cloudTrail: AccountSeedInput['cloudTrail'],
  roles: AccountSeedInput['roles'] = [{ name: 'deployer' }, { name: 'jump' }],
) {
  const clock = new ManualClock('2026-11-28T10:00:00Z');
  const sandbox = new SandboxAccount(
    {
      id: account,
      users: [{ name: 'ci-bot', accessKeys: [{ id: ciBotKey, createdAt: '2025-01-01T00:00:00Z' }] }],
      roles,
      cloudTrail,
    },
    clock,
  );
  const reach = (accountId: string) => {
    if (accountId !== account)
      throw new NotContainableError(`Rekey cannot assume arn:aws:iam::${accountId}:role/rekey-member`);
    return sandbox;
  };
  const deps = {
    identityFor: (accountId: string) => reach(accountId).identity(),
    auditTrailFor: (accountId: string, region: string) => reach(accountId).auditTrailPort(region),
    timeline: new MemoryTimelineStore(),
    clock,
    actor: 'rekey:action',
    protection: { protectedPrincipals: [] },
  };
  const keyStatus = () => sandbox.users.get('ci-bot')?.accessKeys[0]?.status;
  const denied = (role: string) => sandbox.roles.get(role)?.inlinePolicies.has('rekey-revoke-sessions-rk-1');
  return { sandbox, deps, keyStatus, denied };
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

describe('a chain an attacker shaped to keep the origin key', () => {
  it('still deactivates the key when the key also assumed a role in an account Rekey cannot reach, and names it', async () => {
    const { deps, keyStatus, denied } = world([
      assume(ciBot),
      assume({
        ...ciBot,
        eventTime: '2026-11-28T09:05:00Z',
        assumedRoleArn: `arn:aws:iam::${outside}:role/exfil`,
        issuedAccessKeyId: 'ASIAEXTERNAL00000001',
      }),
      assume({
        ...ciBot,
        eventTime: '2026-11-28T09:06:00Z',
        assumedRoleArn: `arn:aws:iam::${account}:role/jump`,
        issuedAccessKeyId: 'ASIAJUMPSESSION00002',
      }),
    ]);
    await expect(runSteps('rk-1', step, deps)).rejects.toMatchObject({
      name: 'NotContainableError',
      message: expect.stringMatching(
        /people must finish: arn:aws:iam::999988887777:role\/exfil: Rekey cannot assume/,
      ),
    });
    expect(keyStatus()).toBe('Inactive');
    expect(denied('jump')).toBe(true);
  });

  it('still deactivates the key when a role of the chain is protected (or tagged so by the attacker), and names it', async () => {
    const { deps, keyStatus } = world(through('jump'), [
      { name: 'deployer' },
      { name: 'jump', tags: { 'rekey:protected': 'true' } },
    ]);
    await expect(runSteps('rk-1', step, deps)).rejects.toMatchObject({
      message: expect.stringMatching(/people must finish: arn:aws:iam::111122223333:role\/jump: .*protected/),
    });
    expect(keyStatus()).toBe('Inactive');
  });

  it('revokes the other roles the key assumed when one of them is protected', async () => {
    const { deps, denied } = world(
      [
        assume(ciBot),
        assume({
          ...ciBot,
          eventTime: '2026-11-28T09:05:00Z',
          assumedRoleArn: `arn:aws:iam::${account}:role/breakglass`,
          issuedAccessKeyId: 'ASIABREAKGLASS000001',
        }),
        assume({
          ...ciBot,
          eventTime: '2026-11-28T09:06:00Z',
          assumedRoleArn: `arn:aws:iam::${account}:role/jump`,
          issuedAccessKeyId: 'ASIAJUMPSESSION00002',
        }),
      ],
      [{ name: 'deployer' }, { name: 'jump' }, { name: 'breakglass', tags: { 'rekey:protected': 'true' } }],
    );
    await expect(runSteps('rk-1', step, deps)).rejects.toMatchObject({ name: 'NotContainableError' });
    expect(denied('jump')).toBe(true);
    expect(denied('breakglass')).toBeFalsy();
  });

  it("finds the issuing call before the session's use, however many calls on the role came after it", async () => {
    const flood = Array.from({ length: 1000 }, (_, i) =>
      assume({
        ...ciBot,
        eventTime: new Date(Date.parse('2026-11-28T09:10:00Z') + i * 1000).toISOString(),
        assumedRoleArn: `arn:aws:iam::${account}:role/jump`,
        issuedAccessKeyId: `ASIAFLOOD${String(i).padStart(11, '0')}`,
      }),
    );
    const { deps, keyStatus } = world([...through('jump'), ...flood]);
    await runSteps('rk-1', step, deps);
    expect(keyStatus()).toBe('Inactive');
  });

  it('follows a user that signed with a session token to the key that minted it (GetSessionToken)', async () => {
    const { deps, keyStatus } = world([
      assume({ ...ciBot, accessKeyId: 'ASIACIBOTMFASESSION1' }),
      {
        eventTime: '2026-11-28T08:30:00Z',
        eventName: 'GetSessionToken',
        eventSource: 'sts.amazonaws.com',
        ...ciBot,
        issuedAccessKeyId: 'ASIACIBOTMFASESSION1',
      },
    ]);
    const [outcome] = await runSteps('rk-1', step, deps);
    expect(outcome?.facts).toMatchObject({ via: ciBotKey });
    expect(keyStatus()).toBe('Inactive');
  });

  it("escalates when a user signed with a temporary key whose minting CloudTrail does not show, after denying the user's sessions", async () => {
    const { sandbox, deps, keyStatus } = world([assume({ ...ciBot, accessKeyId: 'ASIACIBOTCONSOLE0001' })]);
    await expect(runSteps('rk-1', step, deps)).rejects.toMatchObject({
      message: expect.stringMatching(
        /signed with the temporary key ASIACIBOTCONSOLE0001, and CloudTrail shows no GetSessionToken/,
      ),
    });
    expect(keyStatus()).toBe('Active');
    expect(sandbox.users.get('ci-bot')?.inlinePolicies.has('rekey-revoke-sessions-rk-1')).toBe(true);
  });

  it('stops at an Identity Center session in the chain, naming its user, after revoking the roles before it', async () => {
    const sso = 'AWSReservedSSO_PowerUser_0a1b2c3d4e5f6a7b';
    const ssoArn = `arn:aws:iam::${account}:role/aws-reserved/sso.amazonaws.com/${sso}`;
    const { deps, denied } = world(
      [
        ...through('jump'),
        assume({
          eventTime: '2026-11-28T09:01:00Z',
          principalType: 'AssumedRole',
          principalArn: `arn:aws:sts::${account}:assumed-role/${sso}/erin@example.com`,
          sessionIssuerArn: ssoArn,
          accessKeyId: 'ASIASSOERIN000000001',
          assumedRoleArn: `arn:aws:iam::${account}:role/jump`,
          issuedAccessKeyId: 'ASIAJUMPSESSION00001',
        }),
      ].filter((e) => (e as { principalType?: string }).principalType !== 'IAMUser'),
      [{ name: 'deployer' }, { name: 'jump' }, { name: sso, path: '/aws-reserved/sso.amazonaws.com/' }],
    );
    await expect(runSteps('rk-1', step, deps)).rejects.toMatchObject({
      message: expect.stringMatching(
        /Identity Center session of erin@example.com \(permission set PowerUser\)/,
      ),
    });
    expect(denied('jump')).toBe(true);
    expect(denied(sso)).toBeFalsy();
  });

  it('takes a role merely named like an Identity Center role, outside /aws-reserved/, for an ordinary link', async () => {
    const lookalike = 'AWSReservedSSO_Admin_0123456789abcdef';
    const { deps, keyStatus, denied } = world(through(lookalike), [
      { name: 'deployer' },
      { name: lookalike },
    ]);
    // IAM changes anyone's role whatever its name (only the aws-reserved path is AWS's): revoked as any link is.
    await runSteps('rk-1', step, deps);
    expect(denied(lookalike)).toBeTruthy();
    expect(keyStatus()).toBe('Inactive');
  });

  it('takes a role with a path for one principal, in the chain and among the roles the key assumed', async () => {
    const roleArn = `arn:aws:iam::${account}:role/ops/jump`;
    const { deps } = world(through('jump', roleArn), [{ name: 'deployer' }, { name: 'jump', path: '/ops/' }]);
    const [outcome] = await runSteps('rk-1', step, deps);
    expect(outcome?.facts).toMatchObject({ chain: [ciBot.principalArn, roleArn], minted: [] });
  });

  it('stops after ten roles and escalates, the ten revoked and the rest named', async () => {
    // deployer <- r1 <- r2 <- ... <- r11: each session assumed by the next role's session.
    const roles = Array.from({ length: 11 }, (_, i) => `r${i + 1}`);
    const keyOf = (i: number) => `ASIACHAIN${String(i).padStart(11, '0')}`;
    const trail = roles.map((role, i) =>
      assume({
        eventTime: new Date(Date.parse('2026-11-28T09:02:00Z') - i * 60_000).toISOString(),
        principalType: 'AssumedRole',
        principalArn: `arn:aws:sts::${account}:assumed-role/${role}/hop`,
        accessKeyId: keyOf(i + 1),
        assumedRoleArn: `arn:aws:iam::${account}:role/${i === 0 ? 'deployer' : roles[i - 1]}`,
        issuedAccessKeyId: i === 0 ? session : keyOf(i),
      }),
    );
    const { deps, denied } = world(trail, [{ name: 'deployer' }, ...roles.map((name) => ({ name }))]);
    await expect(runSteps('rk-1', step, deps)).rejects.toMatchObject({
      message: expect.stringMatching(/the chain is longer than the 10 roles Rekey traces/),
    });
    expect(roles.slice(0, 10).every((r) => denied(r))).toBe(true);
    expect(denied('r11')).toBeFalsy();
  });

  it('applies what it observed (the journaled plan) without tracing again, and a rollback undoes it', async () => {
    const { sandbox, deps, keyStatus } = world(through('jump'));
    const lookups = () => sandbox.apiCalls.filter((c) => c.operation === 'LookupEvents').length;
    await runSteps('rk-1', step, {
      ...deps,
      mode: 'simulate',
      permissions: { check: async (c) => c.map((x) => ({ ...x, allowed: true, reason: 'test' })) },
    });
    const oneTrace = lookups();
    await runSteps('rk-1', step, deps);
    // observe traces once; apply acts on the journaled targets.
    expect(lookups() - oneTrace).toBe(oneTrace);
    expect(keyStatus()).toBe('Inactive');
    await rollback('rk-1', { actor: 'test' }, deps);
    expect(keyStatus()).toBe('Active');
  });
});
