import { describe, expect, it } from 'vitest';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { sharedOrganisation } from '../../../src/adapters/sandbox/sandbox-account-seed.js';
import { runSteps, type StepRequest } from '../../../src/app/run-steps.js';
import type { PolicyDocument } from '../../../src/domain/policy-document.js';
import { ManualClock } from '../../support/fixed-clock.js';

const account = '111122223333';
const key = 'AKIAIOSFODNN7EXAMPLE';
const session = 'ASIADEPLOYSESSION001';
const deny: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }],
};
const rekeyMember = {
  arn: `arn:aws:iam::${account}:role/rekey-member`,
  policies: [
    {
      name: 'member',
      document: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['iam:*', 'cloudtrail:LookupEvents'], Resource: '*' }],
      } as PolicyDocument,
    },
  ],
};

/**
 * The attacker's key assumed `deployer`, whose session created a user and a key, then was refused; Rekey then (with
 * `rekeyActed`) contained it as a playbook does, through its member role, each call written to CloudTrail as its
 * own: the very calls (UpdateAccessKey on the key's user, a policy created and attached, a role's inline policy, a
 * console password deleted, one refused by an SCP) an investigation reading by name or target would take for the
 * attacker's persistence, or for its calls after the cut-off.
 */
async function world(rekeyActed: boolean) {
  const clock = new ManualClock('2026-11-28T09:30:00Z');
  const shared = sharedOrganisation({
    managementAccountId: '999900009999',
    policies: [
      {
        id: 'p-keepsprod',
        name: 'keep-prod-keys',
        targets: [account],
        document: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Action: 'iam:UpdateAccessKey',
              Resource: `arn:aws:iam::${account}:user/prod-*`,
              Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/rekey-member' } },
            },
          ],
        },
      },
    ],
  });
  const sandbox = new SandboxAccount(
    {
      id: account,
      users: [
        { name: 'alice', accessKeys: [{ id: key, createdAt: '2025-01-01T00:00:00Z' }] },
        { name: 'prod-ci', accessKeys: [{ id: 'AKIAPRODCI0000000001', createdAt: '2025-01-01T00:00:00Z' }] },
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
          eventTime: '2026-11-28T09:20:00Z',
          eventName: 'ListBuckets',
          eventSource: 's3.amazonaws.com',
          accessKeyId: session,
          errorCode: 'AccessDenied',
        },
      ],
    },
    clock,
    rekeyMember,
    shared,
  );
  if (rekeyActed) {
    const iam = sandbox.identity();
    await iam.updateAccessKeyStatus('alice', key, 'Inactive');
    await iam.putInlinePolicy({ kind: 'user', name: 'alice' }, 'rekey-revoke-sessions', deny);
    await iam.putInlinePolicy({ kind: 'role', name: 'deployer' }, 'rekey-revoke-sessions', deny);
    const arn = await iam.createManagedPolicy('rekey-quarantine', deny, 'quarantine');
    await iam.attachManagedPolicy({ kind: 'user', name: 'backdoor' }, arn);
    await iam.deleteLoginProfile('backdoor');
    await expect(iam.updateAccessKeyStatus('prod-ci', 'AKIAPRODCI0000000001', 'Inactive')).rejects.toThrow(
      /explicit deny in a service control policy/,
    );
  }
  clock.advance(30 * 60_000);
  const deps = {
    identityFor: () => sandbox.identity(),
    auditTrailFor: (_: string, region: string) => sandbox.auditTrailPort(region),
    timeline: new MemoryTimelineStore(),
    clock,
    actor: 'rekey:action',
    protection: { protectedPrincipals: [] as string[] },
  };
  return { sandbox, deps };
}

const step = (action: StepRequest['action'], parameters: Record<string, unknown>): StepRequest[] => [
  { step: action, action, parameters: { accountId: account, regions: ['us-east-1'], ...parameters } },
];

/** What each CloudTrail reader concludes, run as its step runs it. */
async function conclusions(rekeyActed: boolean) {
  const { sandbox, deps } = await world(rekeyActed);
  const since = '2026-11-28T08:00:00Z';
  const [persistence] = await runSteps(
    'rk-1',
    step('find-persistence', { accessKeyIds: [key], since }),
    deps,
  );
  const [pivot] = await runSteps('rk-1', step('pivot', { accessKeyId: key, since }), deps);
  // The cut-off precedes every call Rekey made: any of them taken for the attacker's would breach it.
  const [verified] = await runSteps(
    'rk-1',
    step('verify-containment', { accessKeyIds: [key, session], cutoff: '2026-11-28T09:15:00Z', since }),
    deps,
  );
  return { sandbox, found: [persistence?.facts, pivot?.facts, verified?.facts] };
}

describe("CloudTrail's readers with Rekey's own records present", () => {
  it("conclude what they conclude without them: Rekey's calls are its role session's, never the attacker's", async () => {
    const without = await conclusions(false);
    const withRekey = await conclusions(true);
    // Rekey's own records are there, in us-east-1 where IAM writes them, the refused one with its error code.
    const own = withRekey.sandbox.auditEvents.filter((e) =>
      e.principalArn?.startsWith(`arn:aws:sts::${account}:assumed-role/rekey-member/`),
    );
    expect(own.map((e) => `${e.eventName}${e.errorCode ? ` ${e.errorCode}` : ''}`)).toEqual(
      expect.arrayContaining([
        'UpdateAccessKey',
        'PutUserPolicy',
        'PutRolePolicy',
        'CreatePolicy',
        'AttachUserPolicy',
        'DeleteLoginProfile',
        'UpdateAccessKey AccessDenied',
        'LookupEvents',
      ]),
    );
    expect(own.filter((e) => e.eventName !== 'LookupEvents').every((e) => e.region === 'us-east-1')).toBe(
      true,
    );
    expect(withRekey.found).toEqual(without.found);
    expect(withRekey.found[2]).toMatchObject({ verdict: 'holding', successful: [] });
  });
});
