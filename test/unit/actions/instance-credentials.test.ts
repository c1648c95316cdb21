import { describe, expect, it } from 'vitest';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import { simulateCall } from '../../../src/adapters/sandbox/request-simulator.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { rollback } from '../../../src/app/rollback.js';
import { runSteps } from '../../../src/app/run-steps.js';
import { ManualClock } from '../../support/fixed-clock.js';

const account = '111122223333';
const session = 'ASIAWEBAPPSESSION001';

function world() {
  const clock = new ManualClock('2026-11-28T10:20:00Z');
  const sandbox = new SandboxAccount(
    {
      id: account,
      roles: [
        {
          name: 'web-app-instance-role',
          managedPolicies: ['arn:aws:iam::aws:policy/AmazonS3FullAccess'],
          sessions: [{ id: session, issuedAt: '2026-11-28T09:00:00Z', sessionName: 'i-0abcd1234ef567890' }],
        },
      ],
      network: {
        instances: [{ id: 'i-0abcd1234ef567890', vpcId: 'vpc-0a1b2c3d' }],
        natGateways: [{ vpcId: 'vpc-0a1b2c3d', publicIp: '203.0.113.10' }],
      },
    },
    clock,
  );
  const deps = {
    identityFor: () => sandbox.identity(),
    networkFor: () => sandbox.networkPort(),
    timeline: new MemoryTimelineStore(),
    clock,
    actor: 'rekey:action',
    protection: { protectedPrincipals: [] },
  };
  return { sandbox, deps, clock };
}

const restrict = [
  {
    step: 'restrict',
    action: 'restrict-instance-credentials' as const,
    parameters: {
      accountId: account,
      region: 'us-east-1',
      roleName: 'web-app-instance-role',
      instanceId: 'i-0abcd1234ef567890',
    },
  },
];

describe('restrict-instance-credentials', () => {
  it("keeps the instance's own traffic working and stops the same credentials used from anywhere else", async () => {
    const { sandbox, deps, clock } = world();
    await runSteps('rk-1', restrict, deps);
    const call = (extra: { sourceIp?: string; sourceVpc?: string }) =>
      simulateCall(
        sandbox,
        { accessKeyId: session, action: 's3:GetObject', resource: 'arn:aws:s3:::data/x', ...extra },
        clock.now(),
      ).outcome;
    expect(call({ sourceIp: '203.0.113.10' })).toBe('allowed');
    expect(call({ sourceVpc: 'vpc-0a1b2c3d' })).toBe('allowed');
    expect(call({ sourceIp: '198.51.100.7' })).toBe('explicit-deny');
    expect(call({ sourceVpc: 'vpc-attacker' })).toBe('explicit-deny');
  });

  it('is undone by rollback', async () => {
    const { sandbox, deps } = world();
    await runSteps('rk-1', restrict, deps);
    await rollback('rk-1', { actor: 'test' }, deps);
    expect(sandbox.roles.get('web-app-instance-role')?.inlinePolicies.size).toBe(0);
  });

  it('escalates when the instance is gone and its network cannot be told apart', async () => {
    const { deps } = world();
    const gone = [
      { ...restrict[0], parameters: { ...restrict[0]?.parameters, instanceId: 'i-0fffffffffffffff0' } },
    ] as typeof restrict;
    await expect(runSteps('rk-1', gone, deps)).rejects.toMatchObject({ name: 'NotContainableError' });
  });
});
