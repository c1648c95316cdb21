import { describe, expect, it } from 'vitest';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import type { AccountSeedInput } from '../../../src/adapters/sandbox/account-seed.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { runSteps, type StepRequest } from '../../../src/app/run-steps.js';
import { NotContainableError } from '../../../src/domain/errors.js';
import { ManualClock } from '../../support/fixed-clock.js';

// A role session's origin key in another account: what it did is recorded in its own account's CloudTrail only.
const account = '111122223333';
const tooling = '444455556666';
const originKey = 'AKIADEPLOYBOT0000001';
const deployBot = {
  principalType: 'IAMUser',
  principalArn: `arn:aws:iam::${tooling}:user/deploy-bot`,
  accessKeyId: originKey,
  eventSource: 'iam.amazonaws.com',
};

function world(
  toolingTrail: AccountSeedInput['cloudTrail'],
  reachable = true,
  hereTrail: AccountSeedInput['cloudTrail'] = [],
) {
  const clock = new ManualClock('2026-11-28T10:00:00Z');
  const here = new SandboxAccount(
    { id: account, roles: [{ name: 'deployer' }], cloudTrail: hereTrail },
    clock,
  );
  const there = new SandboxAccount(
    {
      id: tooling,
      users: [{ name: 'deploy-bot', accessKeys: [{ id: originKey, createdAt: '2025-01-01T00:00:00Z' }] }],
      cloudTrail: toolingTrail,
    },
    clock,
  );
  const reach = (accountId: string) => {
    if (accountId === account) return here;
    if (accountId === tooling && reachable) return there;
    throw new NotContainableError(`Rekey cannot assume arn:aws:iam::${accountId}:role/rekey-member`);
  };
  return {
    timeline: new MemoryTimelineStore(),
    clock,
    actor: 'rekey:action',
    protection: { protectedPrincipals: [] },
    identityFor: (accountId: string) => reach(accountId).identity(),
    auditTrailFor: (accountId: string, region: string) => reach(accountId).auditTrailPort(region),
  };
}

const origin = { accountId: tooling, accessKeyId: originKey };
const backdoor = {
  ...deployBot,
  eventTime: '2026-11-28T09:30:00Z',
  eventName: 'CreateAccessKey',
  targetUser: 'deploy-bot',
  createdAccessKeyId: 'AKIABACKDOOR00000001',
};

describe("a session's origin key in another account", () => {
  it("is searched for persistence in its own account's CloudTrail, each thing found naming that account", async () => {
    const steps: StepRequest[] = [
      {
        step: 'find',
        action: 'find-persistence',
        parameters: {
          accountId: account,
          accessKeyIds: ['ASIADEPLOYSESSION001'],
          origin,
          regions: ['us-east-1'],
        },
      },
    ];
    const [outcome] = await runSteps('rk-1', steps, world([backdoor]));
    expect(outcome?.facts?.artefacts).toEqual([
      expect.objectContaining({
        kind: 'access-key',
        accessKeyId: 'AKIABACKDOOR00000001',
        accountId: tooling,
      }),
    ]);
  });

  it('is left to people by name when its account cannot be read', async () => {
    const steps: StepRequest[] = [
      {
        step: 'find',
        action: 'find-persistence',
        parameters: {
          accountId: account,
          accessKeyIds: ['ASIADEPLOYSESSION001'],
          origin,
          regions: ['us-east-1'],
        },
      },
    ];
    const [outcome] = await runSteps('rk-1', steps, world([backdoor], false));
    expect(outcome?.facts?.toReview).toEqual([
      expect.stringMatching(
        /the calls of AKIADEPLOYBOT0000001 in account 444455556666: .*\(CloudTrail Rekey cannot read\)/,
      ),
    ]);
  });

  it('breaches the containment when a key it made works after the cut-off, in its own account', async () => {
    const used = {
      ...backdoor,
      eventTime: '2026-11-28T09:50:00Z',
      eventName: 'ListBuckets',
      eventSource: 's3.amazonaws.com',
      accessKeyId: 'AKIABACKDOOR00000001',
      createdAccessKeyId: undefined,
      targetUser: undefined,
    };
    const steps: StepRequest[] = [
      {
        step: 'verify',
        action: 'verify-containment',
        parameters: {
          accountId: account,
          accessKeyIds: ['ASIADEPLOYSESSION001'],
          origin,
          cutoff: '2026-11-28T09:40:00Z',
          regions: ['us-east-1'],
        },
      },
    ];
    await expect(runSteps('rk-1', steps, world([backdoor, used]))).rejects.toMatchObject({
      name: 'ContainmentBreachedError',
      message: expect.stringMatching(/s3:ListBuckets by AKIABACKDOOR00000001/),
    });
  });

  it("follows a session into another account's role, and finds the key that session made there", async () => {
    // The incident's session assumed admin in tooling (the caller's copy, in this account); admin's session made a key.
    const assumed = {
      eventTime: '2026-11-28T09:20:00Z',
      eventName: 'AssumeRole',
      eventSource: 'sts.amazonaws.com',
      principalType: 'AssumedRole',
      principalArn: `arn:aws:sts::${account}:assumed-role/deployer/release`,
      accessKeyId: 'ASIADEPLOYSESSION001',
      assumedRoleArn: `arn:aws:iam::${tooling}:role/admin`,
      issuedAccessKeyId: 'ASIAADMINSESSION0001',
    };
    const made = {
      ...backdoor,
      principalType: 'AssumedRole',
      principalArn: `arn:aws:sts::${tooling}:assumed-role/admin/x`,
      accessKeyId: 'ASIAADMINSESSION0001',
    };
    const used = {
      eventTime: '2026-11-28T09:50:00Z',
      eventName: 'ListBuckets',
      eventSource: 's3.amazonaws.com',
      principalType: 'IAMUser',
      principalArn: `arn:aws:iam::${tooling}:user/deploy-bot`,
      accessKeyId: 'AKIABACKDOOR00000001',
    };
    const find: StepRequest[] = [
      {
        step: 'find',
        action: 'find-persistence',
        parameters: { accountId: account, accessKeyIds: ['ASIADEPLOYSESSION001'], regions: ['us-east-1'] },
      },
    ];
    const [outcome] = await runSteps('rk-1', find, world([made], true, [assumed]));
    expect(outcome?.facts?.artefacts).toEqual([
      expect.objectContaining({ accessKeyId: 'AKIABACKDOOR00000001', accountId: tooling }),
    ]);
    const verify: StepRequest[] = [
      {
        step: 'verify',
        action: 'verify-containment',
        parameters: {
          accountId: account,
          accessKeyIds: ['ASIADEPLOYSESSION001'],
          cutoff: '2026-11-28T09:40:00Z',
          regions: ['us-east-1'],
        },
      },
    ];
    await expect(runSteps('rk-2', verify, world([made, used], true, [assumed]))).rejects.toMatchObject({
      name: 'ContainmentBreachedError',
    });
  });
});
