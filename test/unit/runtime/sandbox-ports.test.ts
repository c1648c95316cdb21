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
});
