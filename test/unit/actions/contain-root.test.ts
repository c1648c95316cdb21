import { describe, expect, it } from 'vitest';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { SandboxOrganizations } from '../../../src/adapters/sandbox/sandbox-organizations.js';
import { SandboxRootAccess } from '../../../src/adapters/sandbox/sandbox-root-access.js';
import { rollback } from '../../../src/app/rollback.js';
import { runSteps, type StepRequest } from '../../../src/app/run-steps.js';
import { ACTION_DESCRIPTORS } from '../../../src/domain/actions.js';
import { ManualClock } from '../../support/fixed-clock.js';

const contain = (accountId: string, method?: 'delete-credentials'): StepRequest[] => [
  { step: 'root', action: 'contain-root', parameters: { accountId, ...(method ? { method } : {}) } },
];

function deps(organizations?: SandboxOrganizations, rootAccess?: SandboxRootAccess) {
  const clock = new ManualClock('2026-11-28T10:00:00Z');
  const sandbox = new SandboxAccount({ id: '111122223333' }, clock);
  return {
    identityFor: () => sandbox.identity(),
    timeline: new MemoryTimelineStore(),
    clock,
    actor: 'rekey:action',
    protection: { protectedPrincipals: [] },
    ...(organizations ? { organizations } : {}),
    ...(rootAccess ? { rootAccess } : {}),
  };
}

describe('contain-root', () => {
  it('is always behind approval', () => {
    expect(ACTION_DESCRIPTORS['contain-root'].alwaysRequiresApproval).toBe(true);
  });

  it("denies a member account's root by an SCP attached to that account, once, and rolls back", async () => {
    const organizations = new SandboxOrganizations('999988887777');
    const d = deps(organizations);
    await runSteps('rk-1', contain('111122223333'), d);
    await runSteps('rk-1', contain('111122223333'), { ...d, timeline: new MemoryTimelineStore() });
    const attached = await organizations.attachedPolicies('111122223333');
    expect(attached.map((p) => p.name)).toEqual(['rekey-deny-root-rk-1']);
    await rollback('rk-1', { actor: 'test' }, d);
    expect(organizations.policies.size).toBe(0);
  });

  it("escalates for the management account's root and without the management-account role", async () => {
    await expect(
      runSteps('rk-1', contain('999988887777'), deps(new SandboxOrganizations('999988887777'))),
    ).rejects.toMatchObject({
      name: 'NotContainableError',
      message: expect.stringMatching(/management account/),
    });
    await expect(runSteps('rk-1', contain('111122223333'), deps())).rejects.toMatchObject({
      name: 'NotContainableError',
    });
  });

  it("removes a member root's password, keys, certificates and MFA through centralised root access, once", async () => {
    const rootAccess = new SandboxRootAccess('999988887777', {
      '111122223333': {
        loginProfile: true,
        accessKeyIds: ['AKIAROOTKEY000000001'],
        mfaSerialNumbers: ['arn:aws:iam::111122223333:mfa/root-account-mfa-device'],
      },
    });
    const d = deps(new SandboxOrganizations('999988887777'), rootAccess);
    const [first] = await runSteps('rk-1', contain('111122223333', 'delete-credentials'), d);
    expect(first).toMatchObject({
      status: 'changed',
      summary: expect.stringMatching(/AKIAROOTKEY000000001/),
    });
    expect(first?.undo).toBeUndefined();
    expect(await rootAccess.credentials('111122223333')).toEqual({
      loginProfile: false,
      accessKeyIds: [],
      mfaSerialNumbers: [],
      signingCertificateIds: [],
    });
    const [again] = await runSteps('rk-1', contain('111122223333', 'delete-credentials'), {
      ...d,
      timeline: new MemoryTimelineStore(),
    });
    expect(again?.status).toBe('unchanged');
  });

  it("removes a member root's credentials while Rekey's SCP denies that root (root sessions are exempt)", async () => {
    const organizations = new SandboxOrganizations('999988887777');
    const rootAccess = new SandboxRootAccess(
      '999988887777',
      { '111122223333': { loginProfile: true, accessKeyIds: ['AKIAROOTKEY000000001'] } },
      organizations,
    );
    const d = deps(organizations, rootAccess);
    await runSteps('rk-1', contain('111122223333'), d);
    const [removed] = await runSteps(
      'rk-1',
      [{ ...contain('111122223333', 'delete-credentials')[0], step: 'keys' } as StepRequest],
      d,
    );
    expect(removed).toMatchObject({
      status: 'changed',
      summary: expect.stringMatching(/AKIAROOTKEY000000001/),
    });
    expect((await rootAccess.credentials('111122223333')).accessKeyIds).toEqual([]);
  });

  it('is refused, as AWS refuses it, while an SCP denies the root without exempting root sessions', async () => {
    const organizations = new SandboxOrganizations('999988887777');
    const id = await organizations.createServiceControlPolicy(
      'guardrail-deny-root',
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            Action: '*',
            Resource: '*',
            Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } },
          },
        ],
      },
      'x',
    );
    await organizations.attachPolicy(id, '111122223333');
    const rootAccess = new SandboxRootAccess(
      '999988887777',
      { '111122223333': { loginProfile: true } },
      organizations,
    );
    await expect(
      runSteps('rk-1', contain('111122223333', 'delete-credentials'), deps(organizations, rootAccess)),
    ).rejects.toMatchObject({
      name: 'NotContainableError',
      message: expect.stringMatching(
        /explicit deny in a service control policy \(guardrail-deny-root\).*binds these sessions too unless it exempts them/,
      ),
    });
    expect((await organizations.attachedPolicies('111122223333')).length).toBe(1);
  });

  it('escalates credential removal for the management account and without centralised root access', async () => {
    const organizations = new SandboxOrganizations('999988887777');
    const rootAccess = new SandboxRootAccess('999988887777', { '999988887777': { loginProfile: true } });
    await expect(
      runSteps('rk-1', contain('999988887777', 'delete-credentials'), deps(organizations, rootAccess)),
    ).rejects.toMatchObject({
      name: 'NotContainableError',
      message: expect.stringMatching(/management account/),
    });
    await expect(
      runSteps('rk-1', contain('111122223333', 'delete-credentials'), deps(organizations)),
    ).rejects.toMatchObject({
      name: 'NotContainableError',
      message: expect.stringMatching(/centralised root/),
    });
  });

  it('reuses the SCP a crashed attempt created but never attached, instead of failing on its name', async () => {
    const organizations = new SandboxOrganizations('999988887777');
    await organizations.createServiceControlPolicy(
      'rekey-deny-root-rk-1',
      { Version: '2012-10-17', Statement: [] },
      'x',
    );
    await runSteps('rk-1', contain('111122223333'), deps(organizations));
    expect(organizations.policies.size).toBe(1);
    expect((await organizations.attachedPolicies('111122223333')).map((p) => p.name)).toEqual([
      'rekey-deny-root-rk-1',
    ]);
  });

  it('escalates, leaving no stray policy, when the account already has the most SCPs AWS allows', async () => {
    const organizations = new SandboxOrganizations('999988887777');
    for (const n of [1, 2, 3, 4]) {
      const id = await organizations.createServiceControlPolicy(
        `guardrail-${n}`,
        { Version: '2012-10-17', Statement: [] },
        'x',
      );
      await organizations.attachPolicy(id, '111122223333');
    }
    await expect(runSteps('rk-1', contain('111122223333'), deps(organizations))).rejects.toMatchObject({
      name: 'NotContainableError',
      message: expect.stringMatching(/most SCPs/),
    });
    expect(await organizations.findPolicy('rekey-deny-root-rk-1')).toBeUndefined();
  });
});
