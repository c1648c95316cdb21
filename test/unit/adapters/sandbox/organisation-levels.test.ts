import { describe, expect, it } from 'vitest';
import { OrganizationSeedSchema } from '../../../../src/adapters/sandbox/account-seed.js';
import { simulateCall } from '../../../../src/adapters/sandbox/request-simulator.js';
import { SandboxAccount } from '../../../../src/adapters/sandbox/sandbox-account.js';
import { ManualClock } from '../../../support/fixed-clock.js';

const MANAGEMENT = '111100001111';
const at = new Date('2026-11-28T10:00:00Z');
const WORKLOADS = '444455556666';
const SANDBOXES = '555566667777';
const deny = (Action: string) => ({
  Version: '2012-10-17' as const,
  Statement: [{ Effect: 'Deny' as const, Action, Resource: '*' }],
});
const allow = (Action: string) => ({
  Version: '2012-10-17' as const,
  Statement: [{ Effect: 'Allow' as const, Action, Resource: '*' }],
});
const UNITS = [
  { id: 'ou-a1b2-prod0000', accounts: [WORKLOADS] },
  { id: 'ou-a1b2-sandbox0', parentId: 'ou-a1b2-prod0000', accounts: [SANDBOXES] },
];

/** An administrator's UpdateAccessKey in an account of the organisation, decided by the sandbox. */
function decide(accountId: string, organization: unknown) {
  const account = new SandboxAccount(
    {
      id: accountId,
      organization: OrganizationSeedSchema.parse(organization),
      users: [
        {
          name: 'admin',
          managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
          accessKeys: [{ id: 'AKIAADMINKEY00000001', createdAt: '2025-01-01T00:00:00Z' }],
        },
      ],
    },
    new ManualClock(at.toISOString()),
  );
  return simulateCall(
    account,
    {
      accessKeyId: 'AKIAADMINKEY00000001',
      action: 'iam:UpdateAccessKey',
      resource: `arn:aws:iam::${accountId}:user/admin`,
    },
    at,
  ).outcome;
}

describe("an organisation's SCPs bind every account below the level they are attached to", () => {
  it('applies an SCP attached to the root to every member account, never to the management account', () => {
    const organization = {
      managementAccountId: MANAGEMENT,
      policies: [{ id: 'p-protectiam1', name: 'protect-iam', document: deny('iam:*'), targets: ['r-a1b2'] }],
    };
    expect(decide(WORKLOADS, organization)).toBe('explicit-deny');
    expect(decide(MANAGEMENT, organization)).toBe('allowed');
  });

  it('applies an SCP attached to an OU to the accounts in it and in the OUs nested in it, and to no other', () => {
    const organization = {
      managementAccountId: MANAGEMENT,
      organizationalUnits: UNITS,
      policies: [
        { id: 'p-protectiam1', name: 'protect-iam', document: deny('iam:*'), targets: ['ou-a1b2-prod0000'] },
      ],
    };
    expect(decide(WORKLOADS, organization)).toBe('explicit-deny');
    expect(decide(SANDBOXES, organization)).toBe('explicit-deny');
    expect(decide('777788889999', organization)).toBe('allowed');
  });

  it('lets an allow-list at an OU replace FullAWSAccess there: what it leaves out is refused below it', () => {
    const organization = {
      managementAccountId: MANAGEMENT,
      organizationalUnits: UNITS,
      policies: [
        { id: 'p-s3onlyxx1', name: 's3-only', document: allow('s3:*'), targets: ['ou-a1b2-prod0000'] },
      ],
    };
    expect(decide(SANDBOXES, organization)).toBe('implicit-deny');
    expect(decide('777788889999', organization)).toBe('allowed');
  });

  it('places FullAWSAccess only where a seed naming it attaches it: an account it was detached from may do nothing', () => {
    const full = (targets: string[]) => ({
      id: 'p-FullAWSAccess',
      name: 'FullAWSAccess',
      document: allow('*'),
      targets,
    });
    const organization = (targets: string[]) => ({
      managementAccountId: MANAGEMENT,
      organizationalUnits: UNITS,
      policies: [full(targets)],
    });
    // Detached from the sandboxes account alone; still on the root, the OUs and the workloads account.
    const elsewhere = ['r-a1b2', 'ou-a1b2-prod0000', 'ou-a1b2-sandbox0', WORKLOADS];
    const detached = organization(elsewhere);
    expect(decide(SANDBOXES, detached)).toBe('implicit-deny');
    expect(decide(WORKLOADS, detached)).toBe('allowed');
    expect(decide(SANDBOXES, organization([...elsewhere, SANDBOXES]))).toBe('allowed');
    expect(decide(MANAGEMENT, organization([]))).toBe('allowed');
  });

  it("refuses a p-FullAWSAccess that is not AWS's FullAWSAccess", () => {
    const parsed = OrganizationSeedSchema.safeParse({
      managementAccountId: MANAGEMENT,
      policies: [
        { id: 'p-FullAWSAccess', name: 'FullAWSAccess', document: allow('s3:*'), targets: ['r-a1b2'] },
      ],
    });
    expect(parsed.error?.issues.map((i) => i.message).join('; ')).toMatch(
      /p-FullAWSAccess is AWS's FullAWSAccess: named so, with one statement allowing every action/,
    );
  });

  it.each([
    [
      ['ou-a1b2-missing0'],
      /ou-a1b2-missing0 is neither an account id, the root .* nor a declared organizational unit/,
    ],
    [['r-a1b2', 'r-c3d4'], /r-c3d4 is not the organisation's root \(r-a1b2\)/],
    [['prod'], /prod is neither an account id/],
  ])('refuses a drill whose SCP targets %j, naming what is wrong', (targets, message) => {
    const parsed = OrganizationSeedSchema.safeParse({
      managementAccountId: MANAGEMENT,
      policies: [{ id: 'p-protectiam1', name: 'protect-iam', document: deny('iam:*'), targets }],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message).join('; ')).toMatch(message);
  });

  it('refuses an OU inside itself and an account in two OUs', () => {
    const parsed = OrganizationSeedSchema.safeParse({
      managementAccountId: MANAGEMENT,
      rootId: 'r-a1b2',
      organizationalUnits: [
        { id: 'ou-a1b2-first000', parentId: 'ou-a1b2-second00', accounts: [WORKLOADS] },
        { id: 'ou-a1b2-second00', parentId: 'ou-a1b2-first000', accounts: [WORKLOADS] },
      ],
    });
    const messages = parsed.error?.issues.map((i) => i.message).join('; ');
    expect(messages).toMatch(/sits inside itself/);
    expect(messages).toMatch(/444455556666 is already in ou-a1b2-first000/);
  });
});
