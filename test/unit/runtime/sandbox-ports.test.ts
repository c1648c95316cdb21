import { describe, expect, it } from 'vitest';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { NotContainableError } from '../../../src/domain/errors.js';
import { sandboxPorts } from '../../../src/runtime/sandbox-ports.js';
import { ManualClock } from '../../support/fixed-clock.js';

describe("a drill's ports", () => {
  const sandbox = new SandboxAccount(
    {
      id: '111122223333',
      secrets: [{ name: 'prod/db' }],
      network: { regions: ['eu-west-1', 'us-east-1'] },
      cloudTrail: [
        {
          eventTime: '2026-11-28T09:00:00Z',
          eventName: 'ListBuckets',
          eventSource: 's3.amazonaws.com',
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          region: 'eu-west-1',
        },
      ],
    },
    new ManualClock('2026-11-28T10:00:00Z'),
  );
  const ports = sandboxPorts(sandbox);

  it('answer every action port from the simulated account, CloudTrail region by region', async () => {
    await expect(ports.secretsFor('111122223333', 'us-east-1').describe('prod/db')).resolves.toMatchObject({
      name: 'prod/db',
    });
    await expect(ports.networkFor('111122223333', 'us-east-1').enabledRegions()).resolves.toEqual([
      'eu-west-1',
      'us-east-1',
    ]);
    const lookup = (region: string) =>
      ports
        .auditTrailFor('111122223333', region)
        .eventsByAccessKey('AKIAIOSFODNN7EXAMPLE', new Date(0), new Date('2026-11-28T10:00:00Z'), 10);
    await expect(lookup('eu-west-1')).resolves.toMatchObject({
      events: [{ region: 'eu-west-1' }],
      truncated: false,
    });
    await expect(lookup('us-east-1')).resolves.toEqual({ events: [], truncated: false });
    expect(ports.identityCenter).toBeUndefined();
  });

  it('put every other account out of reach, as an unassumable member role would', () => {
    expect(() => ports.identityFor('444455556666')).toThrow(
      /cannot assume its member role in 444455556666: AccessDenied \(not an account of the drill, which holds 111122223333\)/,
    );
    expect(() => ports.secretsFor('444455556666', 'us-east-1')).toThrow(/member role in 444455556666/);
  });

  it("put a member account without Rekey's member role out of reach, as a refused AssumeRole would", () => {
    const member = new SandboxAccount(
      { id: '444455556666', region: 'us-east-1' },
      new ManualClock('2026-11-28T09:00:00Z'),
    );
    const withoutRole = sandboxPorts(sandbox, [member], (accountId) =>
      accountId === '444455556666' ? 'the member template is not deployed there' : undefined,
    );
    expect(() => withoutRole.identityFor('444455556666')).toThrow(
      /the member template is not deployed there/,
    );
    expect(() => withoutRole.auditTrailFor('444455556666', 'us-east-1')).toThrow(NotContainableError);
    expect(() => withoutRole.networkFor('444455556666', 'us-east-1')).toThrow(NotContainableError);
    expect(() => sandboxPorts(sandbox, [member]).identityFor('444455556666')).not.toThrow();
  });

  it("call Identity Center in the instance's account only when Rekey may, and otherwise refuse every call naming why", async () => {
    const management = new SandboxAccount(
      {
        id: '111100001111',
        region: 'us-east-1',
        identityCenter: {
          users: [{ userName: 'alice@example.com', userId: 'user-alice' }],
          permissionSets: [{ name: 'PowerUser', arn: 'arn:aws:sso:::permissionSet/ssoins-1/ps-1' }],
        },
      },
      new ManualClock('2026-11-28T09:00:00Z'),
    );
    const why = 'IAM Identity Center is out of reach: no identityCenterRoleArn';
    const refused = sandboxPorts(sandbox, [management], undefined, 'member', (accountId) =>
      accountId === '111100001111' ? why : undefined,
    ).identityCenter;
    const set = {
      instanceArn: 'arn:aws:sso:::instance/ssoins-1',
      permissionSetArn: 'arn:aws:sso:::permissionSet/ssoins-1/ps-1',
      name: 'PowerUser',
    };
    const calls = [
      () => refused?.findUserId('alice@example.com'),
      () => refused?.findPermissionSet('PowerUser'),
      () => refused?.describePermissionSet(set.permissionSetArn),
      () => refused?.groupIdsOf('user-alice'),
      () => refused?.permissionSetArnsAssignedTo({ principalType: 'USER', principalId: 'user-alice' }),
      () => refused?.permissionSetArns(),
      () => refused?.accountsProvisionedWith(set.permissionSetArn),
      () => refused?.assignmentsIn('444455556666', set.permissionSetArn),
      () => refused?.getInlinePolicy(set),
      () => refused?.putInlinePolicy(set, { Version: '2012-10-17', Statement: [] }),
      () => refused?.deleteInlinePolicy(set),
      () => refused?.provision(set),
    ];
    for (const call of calls) await expect(call()).rejects.toThrow(new NotContainableError(why));
    // Refused before reaching the instance: its account's call log records nothing.
    expect(management.apiCalls).toEqual([]);

    const reached = sandboxPorts(sandbox, [management], undefined, 'member', () => undefined).identityCenter;
    await expect(reached?.findUserId('alice@example.com')).resolves.toBe('user-alice');
    expect(management.apiCalls.map((c) => c.operation)).toEqual(['GetUserId']);
  });
});
