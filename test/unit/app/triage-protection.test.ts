import { describe, expect, it } from 'vitest';
import { MemoryIncidentRegistry } from '../../../src/adapters/local/memory-incident-registry.js';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import type { AccountSeedInput } from '../../../src/adapters/sandbox/account-seed.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { type TriageDeps, triage } from '../../../src/app/triage.js';
import { NotContainableError } from '../../../src/domain/errors.js';
import { seededIds } from '../../../src/domain/ids.js';
import { ownRolePatterns } from '../../../src/domain/protection.js';
import { ManualClock } from '../../support/fixed-clock.js';
import { eventFixture, variant } from '../../support/fixtures.js';
import { RecordingWorkflow } from '../../support/recording-workflow.js';

const ACCOUNT = '111122223333';

function world(seed: Omit<AccountSeedInput, 'id'>) {
  const clock = new ManualClock('2026-11-28T10:40:00Z');
  const sandbox = new SandboxAccount({ id: ACCOUNT, ...seed }, clock);
  const deps: TriageDeps & { workflow: RecordingWorkflow; registry: MemoryIncidentRegistry } = {
    identityFor: (accountId) => {
      if (accountId !== ACCOUNT) throw new NotContainableError(`no reader role in ${accountId}`);
      return sandbox.identity();
    },
    registry: new MemoryIncidentRegistry(),
    timeline: new MemoryTimelineStore(),
    workflow: new RecordingWorkflow(),
    clock,
    ids: seededIds('protection'),
    protectedPrincipals: [],
    ownRoles: ownRolePatterns(),
    drill: false,
  };
  return { sandbox, deps };
}

/** GuardDuty's Kali Linux finding about a session of the role named, in the account given. */
function roleFinding(roleName: string, accountId = ACCOUNT) {
  return variant(eventFixture('aws.guardduty', 'pentest-kali-assumed-role'), (e) => {
    e.account = accountId;
    const detail = e.detail as { accountId: string; resource: { accessKeyDetails: Record<string, string> } };
    detail.accountId = accountId;
    detail.resource.accessKeyDetails.userName = roleName;
  });
}

describe('triage of a signal about a protected holder', () => {
  it('reports a user tagged rekey:protected, read from IAM once, and asks nobody to approve anything', async () => {
    const { sandbox, deps } = world({
      users: [
        {
          name: 'alice',
          tags: { 'rekey:protected': 'true' },
          accessKeys: [{ id: 'AKIAIOSFODNN7EXAMPLE', createdAt: '2025-03-02T10:00:00Z' }],
        },
      ],
    });
    const result = await triage(eventFixture('aws.guardduty', 'iam-user-tor-caller'), deps);
    expect(result.signals).toEqual([
      expect.objectContaining({
        outcome: 'reported',
        reason: `arn:aws:iam::${ACCOUNT}:user/alice is tagged rekey:protected: reported, never contained`,
      }),
    ]);
    expect(deps.workflow.starts).toHaveLength(0);
    expect(deps.registry.incidents.size).toBe(0);
    // Resolving the key's owner and reading its tags are one GetUser.
    expect(sandbox.apiCalls.filter((c) => c.operation === 'GetUser')).toHaveLength(1);
  });

  it("reports Rekey's forwarding role, whose path (/rekey/) the finding does not give, from its ARN in IAM", async () => {
    const name = 'StackSet-rekey-forwarding-ForwardingRole-1A2B3C4D5E6F';
    const { deps } = world({ roles: [{ name, path: '/rekey/' }] });
    const result = await triage(roleFinding(name), deps);
    expect(result.signals[0]).toMatchObject({
      outcome: 'reported',
      reason: `arn:aws:iam::${ACCOUNT}:role/rekey/${name} is one of Rekey's own roles: reported, never contained`,
    });
    expect(deps.workflow.starts).toHaveLength(0);
  });

  it("reports Rekey's member role in a member account by its name, even where triage cannot read IAM", async () => {
    const { deps } = world({});
    const member = roleFinding('rekey-member', '444455556666');
    const result = await triage(member, { ...deps, deliveredBy: '444455556666' });
    expect(result.signals[0]).toMatchObject({
      outcome: 'reported',
      reason: expect.stringMatching(/role\/rekey-member is one of Rekey's own roles/),
    });
    expect(deps.workflow.starts).toHaveLength(0);
  });

  it('opens an incident for an untagged role, whose tags triage read', async () => {
    const { sandbox, deps } = world({ roles: [{ name: 'deploy-role', tags: { owner: 'ci' } }] });
    const result = await triage(roleFinding('deploy-role'), deps);
    expect(result.signals[0]).toMatchObject({ outcome: 'opened', playbook: 'compromised-role-session' });
    expect(sandbox.apiCalls.map((c) => c.operation)).toContain('GetRole');
  });
});

describe('triage of an Identity Center session', () => {
  it('opens one incident per Identity Center user for its own playbook: a session of another permission set joins it', async () => {
    const admin = 'AWSReservedSSO_AdministratorAccess_1a2b3c4d5e6f7a8b';
    const readOnly = 'AWSReservedSSO_ReadOnlyAccess_9f8e7d6c5b4a3f2e';
    const path = '/aws-reserved/sso.amazonaws.com/';
    const { deps } = world({
      roles: [
        { name: admin, path },
        { name: readOnly, path },
      ],
    });
    const first = await triage(eventFixture('aws.guardduty', 'identity-center-session-tor-caller'), deps);
    const other = variant(eventFixture('aws.guardduty', 'identity-center-session-tor-caller'), (e) => {
      e.id = 'another-finding';
      const detail = e.detail as { id: string; resource: { accessKeyDetails: Record<string, string> } };
      detail.id = 'another-finding-id';
      detail.resource.accessKeyDetails.userName = readOnly;
      detail.resource.accessKeyDetails.accessKeyId = 'ASIASSOALICEREAD0001';
    });
    const second = await triage(other, deps);
    expect(first.signals[0]).toMatchObject({
      outcome: 'opened',
      playbook: 'identity-center-session',
      subject: 'identity-center-user/alice@example.com',
    });
    expect(second.signals[0]).toMatchObject({ outcome: 'joined' });
    expect(deps.workflow.starts).toHaveLength(1);
  });
});
