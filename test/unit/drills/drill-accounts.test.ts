import { describe, expect, it } from 'vitest';
import { drillAccounts } from '../../../src/drills/drill-accounts.js';
import { DrillSchema } from '../../../src/drills/drill-file.js';
import { SimulatedClock } from '../../../src/runtime/simulated-clock.js';
import { ROOT } from '../../support/drills.js';

const DENY_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] };

/** A drill of an organisation: the payments account, the management account, Rekey deployed in another. */
function organisationDrill(raw: Record<string, unknown> = {}) {
  return DrillSchema.parse({
    name: 'org',
    title: 'org',
    start: '2026-11-28T10:00:00Z',
    account: {
      id: '444455556666',
      organization: {
        managementAccountId: '111122223333',
        policies: [{ id: 'p-denyanalytic', name: 'deny-all', document: DENY_ALL, targets: ['555566667777'] }],
      },
    },
    memberAccounts: [
      { id: '111122223333' },
      {
        id: '555566667777',
        memberRole: false,
        readerRole: false,
        root: { accessKeys: [{ id: 'AKIAANALYTICSROOT001', createdAt: '2026-11-28T09:00:00Z' }] },
      },
    ],
    securityAccount: '999900001111',
    events: [{ at: '0s', event: {} }],
    expect: [{ incidents: 0 }],
    ...raw,
  });
}

const accountsOf = (drill: ReturnType<typeof organisationDrill>) =>
  drillAccounts(drill, { root: ROOT, stateDir: '' }, new SimulatedClock(new Date(drill.start)));

describe("a drill's accounts", () => {
  it('simulate the management account, empty, when no account declares it: its call log records Organizations', async () => {
    const drill = organisationDrill({ memberAccounts: [{ id: '555566667777' }] });
    const { sandbox, members } = await accountsOf(drill);
    expect(members.map((m) => m.id)).toEqual(['555566667777', '999900001111', '111122223333']);
    const organizations = sandbox.organizations as NonNullable<typeof sandbox.organizations>;
    const id = await organizations.createServiceControlPolicy('rekey-deny-root', DENY_ALL as never);
    await organizations.attachPolicy(id, '444455556666');
    const management = members.find((m) => m.id === '111122223333');
    expect(management?.apiCalls.map((c) => c.operation)).toEqual(['CreatePolicy', 'AttachPolicy']);
    expect(sandbox.apiCalls).toEqual([]);
  });

  it('simulate the security account, empty, when no account of the drill declares it', async () => {
    const { sandbox, members, securityAccount } = await accountsOf(organisationDrill());
    expect(sandbox.id).toBe('444455556666');
    expect(securityAccount).toBe('999900001111');
    expect(members.map((m) => m.id)).toEqual(['111122223333', '555566667777', '999900001111']);
    const { members: declared } = await accountsOf(organisationDrill({ securityAccount: '111122223333' }));
    expect(declared.map((m) => m.id)).toEqual(['111122223333', '555566667777']);
  });

  it('are one organisation: its SCPs bind every account, its root access holds every root', async () => {
    const { members } = await accountsOf(organisationDrill());
    const analytics = members.find((m) => m.id === '555566667777');
    expect(
      analytics
        ?.serviceControlPolicies()
        .flat()
        .map((p) => p.name),
    ).toContain('deny-all');
    expect(analytics?.isRootKey('AKIAANALYTICSROOT001')).toBe(true);
    await expect(analytics?.rootAccessPort()?.credentials('555566667777')).rejects.toThrow(
      /explicit deny in a service control policy/,
    );
  });

  it('are reached through the member and reader roles where the drill deploys them; Rekey is at home in its own', async () => {
    const { reach } = await accountsOf(organisationDrill());
    for (const through of [reach.member, reach.reader]) {
      expect(through('999900001111')).toBeUndefined();
      expect(through('444455556666')).toBeUndefined();
      expect(through('111122223333')).toBeUndefined();
    }
    // Neither role declared: the member template is not deployed there.
    expect(reach.member('555566667777')).toBe(
      'Rekey cannot assume its member role in 555566667777 (arn:aws:iam::555566667777:role/rekey-member): AccessDenied (the member template is not deployed there)',
    );
    expect(reach.reader('555566667777')).toMatch(
      /\(arn:aws:iam::555566667777:role\/rekey-member-reader\): AccessDenied/,
    );
    const { reach: readerOnly } = await accountsOf(
      organisationDrill({ memberAccounts: [{ id: '555566667777', memberRole: false, readerRole: true }] }),
    );
    expect(readerOnly.member('555566667777')).toMatch(
      /role\/rekey-member\): AccessDenied \(no member role there\)$/,
    );
    expect(readerOnly.reader('555566667777')).toBeUndefined();
  });

  it('put every account outside the organisation out of reach, and its events off the central bus', async () => {
    const { reach, organisation } = await accountsOf(organisationDrill());
    expect(reach.reader('777766665555')).toMatch(
      /^Rekey cannot assume its member role in 777766665555 \(arn:aws:iam::777766665555:role\/rekey-member-reader\): AccessDenied \(account 777766665555 is outside the organisation/,
    );
    expect([...organisation].sort()).toEqual([
      '111122223333',
      '444455556666',
      '555566667777',
      '999900001111',
    ]);
  });

  it('tell readiness where the member role is missing', async () => {
    const { readiness } = await accountsOf(
      organisationDrill({ expect: [{ readiness: { scoreAtLeast: 0 } }] }),
    );
    expect(readiness?.findings.filter((f) => f.check === 'rekey-member-role').map((f) => f.subject)).toEqual([
      '555566667777',
    ]);
  });

  it('are each declared once', () => {
    expect(() => organisationDrill({ memberAccounts: [{ id: '444455556666' }] })).toThrow(
      /each account of the drill is declared once/,
    );
  });
});

describe('an organisation several accounts of a drill declare', () => {
  const DENY_IAM = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }] };
  const declaring = (accountId: string, accounts: string[], rootId = 'r-a1b2') => ({
    id: accountId,
    organization: {
      managementAccountId: '111122223333',
      rootId,
      organizationalUnits: [{ id: 'ou-a1b2-workload0', accounts }],
      policies: [
        { id: 'p-protectiam1', name: 'protect-iam', document: DENY_IAM, targets: ['ou-a1b2-workload0'] },
      ],
    },
  });

  it("holds every account any of them places in an OU: the OU's SCP binds each", async () => {
    const drill = organisationDrill({
      account: declaring('444455556666', ['444455556666']),
      memberAccounts: [declaring('999900001111', ['999900001111'])],
    });
    const { sandbox, members } = await accountsOf(drill);
    const bound = [sandbox, ...members].map((a) => ({
      id: a.id,
      bound: a
        .serviceControlPolicies()
        .flat()
        .some((p) => p.name === 'protect-iam'),
    }));
    expect(bound).toEqual(
      expect.arrayContaining([
        { id: '444455556666', bound: true },
        { id: '999900001111', bound: true },
      ]),
    );
  });

  it('refuses two roots', async () => {
    const drill = organisationDrill({
      account: declaring('444455556666', ['444455556666']),
      memberAccounts: [declaring('999900001111', ['999900001111'], 'r-c3d4')],
    });
    await expect(accountsOf(drill)).rejects.toThrow(/name r-a1b2 and r-c3d4 as the root/);
  });

  it("reach Identity Center in Rekey's own account, or in another only where its Identity Center role is declared", async () => {
    const { reach } = await accountsOf(organisationDrill());
    expect(reach.identityCenter('999900001111')).toBeUndefined();
    expect(reach.identityCenter('111122223333')).toBe(
      "IAM Identity Center is out of Rekey's reach: the organisation's instance is in 111122223333, not in Rekey's account 999900001111 (sso:ListInstances lists none there), and no identityCenterRoleArn is set. Deploy resources/identity-center-role.cfn.yml in the account holding the instance (the management account or Identity Center's delegated administrator) and set the identityCenterRoleArn parameter to its output",
    );
    const { reach: withRole } = await accountsOf(
      organisationDrill({ memberAccounts: [{ id: '111122223333', identityCenterRole: true }] }),
    );
    expect(withRole.identityCenter('111122223333')).toBeUndefined();
    expect(withRole.identityCenter('444455556666')).toMatch(/instance is in 444455556666/);
  });

  it("tell readiness that Identity Center's instance is out of reach without Rekey's Identity Center role there", async () => {
    const withInstance = (identityCenterRole: boolean) =>
      accountsOf(
        organisationDrill({
          memberAccounts: [{ id: '111122223333', identityCenterRole, identityCenter: {} }],
          expect: [{ readiness: { scoreAtLeast: 0 } }],
        }),
      );
    const { readiness } = await withInstance(false);
    expect(readiness?.findings.filter((f) => f.check === 'rekey-identity-center-role')).toEqual([
      expect.objectContaining({
        severity: 'high',
        subject: '111122223333',
        title: expect.stringMatching(/instance is in 111122223333, not in Rekey's account/),
        fix: 'deploy resources/identity-center-role.cfn.yml in 111122223333 and set the identityCenterRoleArn parameter to its output',
      }),
    ]);
    const { readiness: reached } = await withInstance(true);
    expect(reached?.findings.filter((f) => f.check === 'rekey-identity-center-role')).toEqual([]);
  });

  it('tell readiness of every account a permission set reaches where Rekey has no member role', async () => {
    const assignment = (accountId: string, permissionSet: string) => ({
      accountId,
      permissionSet,
      principalType: 'USER',
      principalId: 'u-alice',
    });
    const { readiness } = await accountsOf(
      organisationDrill({
        memberAccounts: [
          {
            id: '111122223333',
            identityCenterRole: true,
            identityCenter: {
              permissionSets: [
                { name: 'AdministratorAccess', arn: 'arn:aws:sso:::permissionSet/ssoins-1/ps-1' },
              ],
              assignments: [
                assignment('444455556666', 'AdministratorAccess'),
                assignment('777788889999', 'arn:aws:sso:::permissionSet/ssoins-1/ps-1'),
                assignment('777788889999', 'ReadOnlyAccess'),
                assignment('555566667777', 'ReadOnlyAccess'),
                assignment('999900001111', 'ReadOnlyAccess'),
              ],
            },
          },
          { id: '555566667777', memberRole: false },
        ],
        expect: [{ readiness: { scoreAtLeast: 0 } }],
      }),
    );
    const about = (check: string) =>
      readiness?.findings.filter((f) => f.check === check).map((f) => [f.subject, f.title]);
    // 777788889999 is no account of Rekey's; 555566667777 lacks the role (said once); Rekey's own is not asked of.
    expect(about('rekey-identity-center-account')).toEqual([
      [
        '777788889999',
        expect.stringMatching(
          /^IAM Identity Center provisions AdministratorAccess, ReadOnlyAccess to 777788889999,/,
        ),
      ],
    ]);
    expect(about('rekey-member-role')?.map(([subject]) => subject)).toEqual(['555566667777']);
  });

  it("hold an organisation's Identity Center instance in the management account, or seen from a delegated administrator", async () => {
    const seededOn = (id: string, calledFrom: string) =>
      accountsOf(
        organisationDrill({
          memberAccounts: [{ id: '111122223333' }, { id: '555566667777', identityCenter: {} }].map((a) =>
            a.id === id ? { ...a, identityCenter: { calledFrom } } : { id: a.id },
          ),
        }),
      );
    await expect(seededOn('555566667777', 'management-account')).rejects.toThrow(
      /seeded on 555566667777, which is not the management account 111122223333: an organisation's instance is the management account's/,
    );
    await expect(seededOn('111122223333', 'delegated-administrator')).rejects.toThrow(
      /management account 111122223333 with calledFrom: delegated-administrator/,
    );
    await expect(seededOn('111122223333', 'management-account')).resolves.toBeDefined();
    await expect(seededOn('555566667777', 'delegated-administrator')).resolves.toBeDefined();
  });

  it('refuse a delegated administrator of Identity Center in a drill that declares no organisation', async () => {
    const alone = (calledFrom: string) =>
      accountsOf(
        organisationDrill({
          account: { id: '444455556666', identityCenter: { calledFrom } },
          memberAccounts: [],
          securityAccount: undefined,
        }),
      );
    await expect(alone('delegated-administrator')).rejects.toThrow(
      /calledFrom: delegated-administrator, but the drill declares no organisation/,
    );
    await expect(alone('management-account')).resolves.toBeDefined();
  });
});
