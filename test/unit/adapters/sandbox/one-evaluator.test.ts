import { describe, expect, it } from 'vitest';
import type { AccountSeedInput } from '../../../../src/adapters/sandbox/account-seed.js';
import { applyCall } from '../../../../src/adapters/sandbox/call-effects.js';
import { simulateCall } from '../../../../src/adapters/sandbox/request-simulator.js';
import { SandboxAccount } from '../../../../src/adapters/sandbox/sandbox-account.js';
import { sharedOrganisation } from '../../../../src/adapters/sandbox/sandbox-account-seed.js';
import { joinAccounts } from '../../../../src/adapters/sandbox/sandbox-world.js';
import { AccessDeniedError } from '../../../../src/domain/errors.js';
import { ManualClock } from '../../../support/fixed-clock.js';

// The cases below are those the sandbox's older paths (a trust-policy check of its own, SCPs read for explicit
// denies only, Rekey's role and IAM's simulator without SCPs) answered unlike AWS.

const MANAGEMENT = '111100001111';
const TOOLING = '444455556666';
const DATA = '777788889999';
const at = new Date('2026-11-28T10:00:00Z');
const doc = (Effect: 'Allow' | 'Deny', Action: string | string[], Resource = '*') => ({
  Version: '2012-10-17' as const,
  Statement: [{ Effect, Action, Resource }],
});
const trusting = (AWS: string) => ({
  Version: '2012-10-17' as const,
  Statement: [{ Effect: 'Allow' as const, Principal: { AWS }, Action: 'sts:AssumeRole' }],
});
const scp = (id: string, document: ReturnType<typeof doc>, target: string) => ({
  id,
  name: id,
  document,
  targets: [target],
});

/** An organisation of a management account and two members, as a drill builds it: one world. */
function world(
  scps: ReturnType<typeof scp>[],
  data: Partial<AccountSeedInput> = {},
): { tooling: SandboxAccount; data: SandboxAccount; management: SandboxAccount } {
  const clock = new ManualClock(at.toISOString());
  const shared = sharedOrganisation({ managementAccountId: MANAGEMENT, policies: scps });
  const tooling = new SandboxAccount(
    {
      id: TOOLING,
      users: [
        {
          name: 'deploy-bot',
          managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
          accessKeys: [{ id: 'AKIADEPLOYBOT0000001', createdAt: '2025-01-01T00:00:00Z' }],
        },
      ],
    },
    clock,
    undefined,
    shared,
  );
  const dataAccount = new SandboxAccount(
    {
      id: DATA,
      roles: [
        {
          name: 'deploy-role',
          managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
          trustPolicy: trusting(`arn:aws:iam::${TOOLING}:user/deploy-bot`),
        },
        {
          name: 'private-role',
          managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
          trustPolicy: trusting(`arn:aws:iam::${DATA}:root`),
        },
      ],
      ...data,
    },
    clock,
    undefined,
    shared,
  );
  const management = new SandboxAccount({ id: MANAGEMENT }, clock, undefined, shared);
  joinAccounts([tooling, dataAccount, management]);
  return { tooling, data: dataAccount, management };
}

const assume = (role: string, creates = 'ASIADEPLOYSESSION001') => ({
  accessKeyId: 'AKIADEPLOYBOT0000001',
  action: 'sts:AssumeRole',
  resource: `arn:aws:iam::${DATA}:role/${role}`,
  parameters: { roleArn: `arn:aws:iam::${DATA}:role/${role}`, roleSessionName: 'release' },
  creates,
});

describe('AssumeRole across the accounts of a drill, decided by the one evaluator', () => {
  it("refuses a role in another account whose trust policy does not name the caller, whatever the caller's policies", () => {
    const { tooling } = world([]);
    expect(simulateCall(tooling, assume('private-role'), at)).toMatchObject({
      outcome: 'implicit-deny',
      reason: expect.stringContaining('no resource-based policy allows it'),
    });
  });

  it("refuses it under an SCP of the caller's account, though the trust names the caller", () => {
    const { tooling } = world([scp('p-nostscalls', doc('Deny', 'sts:AssumeRole'), TOOLING)]);
    expect(simulateCall(tooling, assume('deploy-role'), at)).toMatchObject({
      outcome: 'explicit-deny',
      reason: expect.stringContaining('service control policy (p-nostscalls)'),
    });
  });

  it("lets the role's account's SCPs bind the session it issues there, not the caller's AssumeRole", () => {
    const { tooling, data } = world([scp('p-datalock1', doc('Deny', ['sts:AssumeRole', 's3:*']), DATA)]);
    const call = assume('deploy-role');
    // SCPs bind only their own account's principals: the caller from the tooling account is not one.
    expect(simulateCall(tooling, call, at).outcome).toBe('allowed');
    applyCall(tooling, call, at);
    expect(data.roles.get('deploy-role')?.sessions.map((s) => s.id)).toEqual(['ASIADEPLOYSESSION001']);
    const list = { accessKeyId: 'ASIADEPLOYSESSION001', action: 's3:ListBuckets', resource: '*' };
    expect(simulateCall(data, list, at)).toMatchObject({ outcome: 'explicit-deny' });
  });

  it('refuses a role session whose permissions boundary leaves out sts:AssumeRole, though the trust names its role', () => {
    const { data } = world([], {
      policies: [{ name: 's3-only', document: doc('Allow', 's3:*') }],
      roles: [
        {
          name: 'bounded',
          managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
          permissionsBoundary: `arn:aws:iam::${DATA}:policy/s3-only`,
          sessions: [{ id: 'ASIABOUNDEDSESSION01', sessionName: 'batch', issuedAt: '2026-11-28T09:00:00Z' }],
        },
        {
          name: 'target',
          trustPolicy: trusting(`arn:aws:iam::${DATA}:role/bounded`),
        },
      ],
    });
    const call = {
      accessKeyId: 'ASIABOUNDEDSESSION01',
      action: 'sts:AssumeRole',
      resource: `arn:aws:iam::${DATA}:role/target`,
    };
    expect(simulateCall(data, call, at)).toMatchObject({
      outcome: 'implicit-deny',
      reason: expect.stringContaining('no permissions boundary policy allows it'),
    });
  });
});

describe('centralised root access, decided by the one evaluator and recorded as CloudTrail records it', () => {
  it('refuses the root session what an SCP allow-list of the member account leaves out', async () => {
    const { data } = world([scp('p-s3onlylist', doc('Allow', 's3:*'), DATA)]);
    await expect(data.rootAccessPort()?.credentials(DATA)).rejects.toThrow(AccessDeniedError);
  });

  it('records AssumeRoot in the management account and the session’s calls in the member account', async () => {
    const { data, management } = world([], { root: { loginProfile: true } });
    await data.rootAccessPort()?.deleteCredentials(DATA);
    expect(management.apiCalls.map((c) => `${c.operation} ${c.target}`)).toEqual([`AssumeRoot ${DATA}`]);
    expect(data.apiCalls.map((c) => c.operation)).toEqual([
      'ListAccessKeys',
      'ListMFADevices',
      'ListSigningCertificates',
      'GetLoginProfile',
      'DeleteLoginProfile',
    ]);
  });

  it('records Organizations calls in the management account only', async () => {
    const { tooling, data, management } = world([]);
    const organizations = tooling.organizations;
    const id = await organizations?.createServiceControlPolicy('rekey-deny', doc('Deny', '*'));
    await organizations?.attachPolicy(id as string, DATA);
    expect(management.apiCalls.map((c) => c.operation)).toEqual(['CreatePolicy', 'AttachPolicy']);
    expect([...tooling.apiCalls, ...data.apiCalls]).toEqual([]);
  });
});

describe("Rekey's own role and IAM's simulator under the account's SCPs", () => {
  const role = {
    arn: `arn:aws:iam::${DATA}:role/rekey-member`,
    policies: [{ name: 'member', document: doc('Allow', ['iam:*', 'secretsmanager:*']) }],
  };

  it("refuses Rekey's role what an SCP of the member account denies", async () => {
    const clock = new ManualClock(at.toISOString());
    const shared = sharedOrganisation({
      managementAccountId: MANAGEMENT,
      policies: [scp('p-nolisting', doc('Deny', 'secretsmanager:ListSecrets'), DATA)],
    });
    const account = new SandboxAccount({ id: DATA }, clock, role, shared);
    await expect(account.secretsPort().list()).rejects.toThrow(AccessDeniedError);
    await expect(account.secretsPort().list()).rejects.toThrow(/explicit deny in a service control policy/);
  });

  it("refuses Rekey's role a secret's resource policy change an SCP denies, and IAM changes too, recording each as refused", async () => {
    const clock = new ManualClock(at.toISOString());
    const shared = sharedOrganisation({
      managementAccountId: MANAGEMENT,
      policies: [
        scp('p-protectsecret', doc('Deny', ['secretsmanager:PutResourcePolicy', 'iam:PutUserPolicy']), DATA),
      ],
    });
    const account = new SandboxAccount(
      { id: DATA, users: [{ name: 'etl' }], secrets: [{ name: 'prod/db' }] },
      clock,
      role,
      shared,
    );
    const secret = (await account.secretsPort().list())[0]?.arn ?? '';
    const deny = doc('Deny', 'secretsmanager:GetSecretValue');
    await expect(account.secretsPort().putResourcePolicy(secret, deny)).rejects.toThrow(
      /explicit deny in a service control policy/,
    );
    await expect(
      account.identity().putInlinePolicy({ kind: 'user', name: 'etl' }, 'deny', deny),
    ).rejects.toThrow(/explicit deny in a service control policy/);
    expect(account.apiCalls.map((c) => c.operation)).toEqual([
      'ListSecrets',
      'PutResourcePolicy (refused)',
      'PutUserPolicy (refused)',
    ]);
    expect(await account.secretsPort().getResourcePolicy(secret)).toBeUndefined();
    expect(account.users.get('etl')?.inlinePolicies.size).toBe(0);
  });

  it('has the simulator report an SCP refusal, as IAM’s OrganizationsDecisionDetail does', async () => {
    const { data } = world([scp('p-nosecrets1', doc('Deny', 'secretsmanager:*'), DATA)]);
    const [decision] = await data
      .identity()
      .simulatePrincipalPolicy(
        `arn:aws:iam::${DATA}:role/deploy-role`,
        ['secretsmanager:GetSecretValue'],
        ['*'],
      );
    expect(decision).toMatchObject({ decision: 'explicitDeny', allowedByOrganizations: false });
  });
});
