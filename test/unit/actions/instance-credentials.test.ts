import { describe, expect, it } from 'vitest';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import type { AccountSeedInput } from '../../../src/adapters/sandbox/account-seed.js';
import { type SimulatedCall, simulateCall } from '../../../src/adapters/sandbox/request-simulator.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { rollback } from '../../../src/app/rollback.js';
import { runSteps } from '../../../src/app/run-steps.js';
import { ManualClock } from '../../support/fixed-clock.js';

const account = '111122223333';
const role = 'web-app-instance-role';
const webA = 'i-0abcd1234ef567890';
const webB = 'i-0b2c3d4e5f6a7b8c9';
const sessionA = 'ASIAWEBAPPSESSION00A';
const sessionB = 'ASIAWEBAPPSESSION00B';
const deployBot = 'ASIADEPLOYBOTSESS001';
const vpcA = 'vpc-0a1b2c3d';
const vpcB = 'vpc-0f9e8d7c';
const natA = '203.0.113.10';
const natB = '203.0.113.20';
const ipv6A = '2600:1f18:4a3:6a01::15';

type Network = NonNullable<AccountSeedInput['network']>;

/** Two instances of one role in two VPCs: A behind a NAT gateway and an egress-only gateway (IPv6), B behind its NAT. */
const twoInstances: Network = {
  instances: [
    {
      id: webA,
      vpcId: vpcA,
      role,
      privateIps: ['10.0.1.15'],
      ipv6Addresses: [ipv6A],
      routes: { ipv4: ['nat-0a1b2c3d4e5f60718'], ipv6: ['eigw-0a1b2c3d4e5f60718'] },
    },
    { id: webB, vpcId: vpcB, role, privateIps: ['10.1.2.25'], routes: { ipv4: ['nat-0f9e8d7c6b5a49382'] } },
  ],
  natGateways: [
    { vpcId: vpcA, publicIp: natA },
    { vpcId: vpcB, publicIp: natB },
  ],
  vpcs: [{ id: vpcA, ipv6Cidrs: ['2600:1f18:4a3:6a00::/56'] }],
};

function world(network: Network = twoInstances) {
  const clock = new ManualClock('2026-11-28T10:20:00Z');
  const issuedAt = '2026-11-28T09:00:00Z';
  const sandbox = new SandboxAccount(
    {
      id: account,
      roles: [
        {
          name: role,
          managedPolicies: ['arn:aws:iam::aws:policy/AmazonS3FullAccess'],
          inlinePolicies: {
            'db-login': {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'rds-db:connect', Resource: '*' }],
            },
          },
          sessions: [
            { id: sessionA, issuedAt, sessionName: webA },
            { id: sessionB, issuedAt, sessionName: webB },
            { id: deployBot, issuedAt, sessionName: 'deploy-bot' },
          ],
        },
      ],
      network,
    },
    clock,
  );
  const deps = {
    identityFor: () => sandbox.identity(),
    networkFor: (_account: string, region: string) => sandbox.networkPort(region),
    timeline: new MemoryTimelineStore(),
    clock,
    actor: 'rekey:action',
    protection: { protectedPrincipals: [] },
  };
  const call = (
    accessKeyId: string,
    from: Omit<SimulatedCall, 'accessKeyId' | 'action'>,
    action = 's3:GetObject',
  ) =>
    simulateCall(sandbox, { accessKeyId, action, resource: 'arn:aws:s3:::data/x', ...from }, clock.now())
      .outcome;
  return { sandbox, deps, call };
}

const parameters = { accountId: account, region: 'us-east-1', roleName: role };
const restrict = (extra: Record<string, unknown> = {}) => [
  {
    step: 'restrict',
    action: 'restrict-instance-credentials' as const,
    parameters: { ...parameters, instanceId: webA, ...extra },
  },
];

describe('restrict-instance-credentials', () => {
  it('keeps every instance of the role working, each from its own network, over IPv4 and IPv6', async () => {
    const { deps, call } = world();
    await runSteps('rk-1', restrict(), deps);
    expect(call(sessionA, { sourceIp: natA })).toBe('allowed');
    expect(call(sessionA, { sourceIp: ipv6A })).toBe('allowed');
    expect(call(sessionA, { sourceVpc: vpcA, vpcSourceIp: '10.0.1.15' })).toBe('allowed');
    expect(call(sessionA, { sourceVpc: vpcA, vpcSourceIp: ipv6A })).toBe('allowed');
    // The sibling in another VPC, through its NAT gateway and its own endpoint.
    expect(call(sessionB, { sourceIp: natB })).toBe('allowed');
    expect(call(sessionB, { sourceVpc: vpcB, vpcSourceIp: '10.1.2.25' })).toBe('allowed');
  });

  it('keeps IAM-authenticated calls inside the VPC working (RDS IAM database authentication)', async () => {
    const { deps, call } = world();
    await runSteps('rk-1', restrict(), deps);
    expect(call(sessionA, { sourceIp: '10.0.1.15' }, 'rds-db:connect')).toBe('allowed');
  });

  it('stops the stolen credentials anywhere but their own instance: outside, another VPC, another address', async () => {
    const { deps, call } = world();
    await runSteps('rk-1', restrict(), deps);
    expect(call(sessionA, { sourceIp: '198.51.100.7' })).toBe('explicit-deny');
    expect(call(sessionA, { sourceIp: '2001:db8::7' })).toBe('explicit-deny');
    expect(call(sessionA, { sourceVpc: 'vpc-0attacker0000000', vpcSourceIp: '172.31.5.9' })).toBe(
      'explicit-deny',
    );
    // A's credentials replayed from the sibling's VPC, or from another host of A's own VPC.
    expect(call(sessionA, { sourceVpc: vpcB, vpcSourceIp: '10.1.2.25' })).toBe('explicit-deny');
    expect(call(sessionA, { sourceVpc: vpcA, vpcSourceIp: '10.0.1.99' })).toBe('explicit-deny');
  });

  it("leaves the role's other users alone: only instance credentials carry ec2:SourceInstanceARN", async () => {
    const { deps, call } = world();
    await runSteps('rk-1', restrict(), deps);
    expect(call(deployBot, { sourceIp: '198.51.100.7' })).toBe('allowed');
  });

  it('applies the whole restriction at once when it is provably harmless: every egress seen, no other network', async () => {
    const { deps } = world();
    const [outcome] = await runSteps('rk-1', restrict({ scope: 'proven' }), deps);
    expect(outcome?.facts).toMatchObject({
      instances: [webA, webB],
      vpcIds: [vpcA, vpcB],
      addresses: ['203.0.113.10/32', '203.0.113.20/32', '2600:1f18:4a3:6a00::/56'],
      checkAddress: true,
      endpoints: true,
      internet: true,
      complete: true,
      heldBack: [],
    });
  });

  it('holds the whole restriction back for a responder when an instance leaves through a transit gateway', async () => {
    const behindTgw = 'i-0c3d4e5f6a7b8c9d0';
    const { deps, call } = world({
      ...twoInstances,
      instances: [
        ...(twoInstances.instances ?? []),
        {
          id: behindTgw,
          vpcId: 'vpc-0e1e2e3e',
          role,
          privateIps: ['10.2.0.5'],
          routes: { ipv4: ['tgw-0123456789abcdef0'] },
        },
      ],
    });
    const [proven] = await runSteps('rk-1', restrict({ scope: 'proven' }), deps);
    // Through the transit gateway it may leave from an address Rekey cannot see, or reach endpoints of a hub VPC.
    expect(proven?.facts).toMatchObject({ endpoints: false, internet: false, complete: false });
    expect(proven?.status).toBe('unchanged');
    expect(proven?.summary).toMatch(
      /held back for a responder.*i-0c3d4e5f6a7b8c9d0's internet traffic leaves through tgw-0123456789abcdef0/,
    );
    expect(call(sessionA, { sourceIp: '198.51.100.7' })).toBe('allowed');
    const [full] = await runSteps(
      'rk-1',
      [{ ...restrict({ scope: 'full' })[0], step: 'full' }] as never,
      deps,
    );
    expect(full?.facts).toMatchObject({ endpoints: true, internet: true, complete: true });
    expect(full?.summary).toMatch(/as decided, although Rekey could not prove: .*tgw-0123456789abcdef0/);
    expect(call(sessionA, { sourceIp: '198.51.100.7' })).toBe('explicit-deny');
    // The responder's restriction and the proven step before it are undone together, newest first.
    await rollback('rk-1', { actor: 'test' }, deps);
    expect(call(sessionA, { sourceIp: '198.51.100.7' })).toBe('allowed');
  });

  it('holds the endpoint comparison back when a subnet routes to another network that may hold its endpoints', async () => {
    const { deps, call } = world({
      ...twoInstances,
      instances: [
        {
          id: webA,
          vpcId: vpcA,
          role,
          privateIps: ['10.0.1.15'],
          routes: { ipv4: ['nat-0a1b2c3d4e5f60718'], toOtherNetworks: ['tgw-0123456789abcdef0'] },
        },
      ],
    });
    const [outcome] = await runSteps('rk-1', restrict({ scope: 'proven' }), deps);
    expect(outcome?.facts).toMatchObject({ endpoints: false, internet: true, complete: false });
    // Centralised endpoints in a hub VPC keep working; the internet path is bound.
    expect(call(sessionA, { sourceVpc: 'vpc-0hub000000000000', vpcSourceIp: '10.0.1.15' })).toBe('allowed');
    expect(call(sessionA, { sourceIp: '198.51.100.7' })).toBe('explicit-deny');
  });

  it('covers the instances of the role in every enabled region: a role is global', async () => {
    const { deps, call } = world({
      ...twoInstances,
      regions: ['eu-west-1', 'us-east-1'],
      instances: [
        ...(twoInstances.instances ?? []).slice(0, 1),
        { ...(twoInstances.instances ?? [])[1], id: webB, vpcId: vpcB, region: 'eu-west-1' },
      ],
    });
    const [outcome] = await runSteps('rk-1', restrict({ scope: 'proven' }), deps);
    expect(outcome?.facts).toMatchObject({ instances: [webB, webA], complete: true });
    expect(call(sessionB, { sourceIp: natB })).toBe('allowed');
    expect(call(sessionB, { sourceVpc: vpcB, vpcSourceIp: '10.1.2.25' })).toBe('allowed');
    expect(call(sessionA, { sourceIp: '198.51.100.7' })).toBe('explicit-deny');
  });

  it('compares only the VPC when an instance calls from several private addresses (pods, secondary interfaces)', async () => {
    const { deps, call } = world({
      ...twoInstances,
      instances: [{ id: webA, vpcId: vpcA, role, privateIps: ['10.0.1.15', '10.0.1.200'] }],
    });
    const [outcome] = await runSteps('rk-1', restrict(), deps);
    expect(outcome?.facts?.checkAddress).toBe(false);
    expect(call(sessionA, { sourceVpc: vpcA, vpcSourceIp: '10.0.1.200' })).toBe('allowed');
    expect(call(sessionA, { sourceVpc: vpcB, vpcSourceIp: '10.1.2.25' })).toBe('explicit-deny');
  });

  it('denies every use of the instance credentials when no instance holds the role any more', async () => {
    const { deps, call } = world({
      ...twoInstances,
      instances: [{ id: webA, vpcId: vpcA, role, privateIps: ['10.0.1.15'], state: 'terminated' }],
    });
    const [outcome] = await runSteps('rk-1', restrict(), deps);
    expect(outcome?.summary).toMatch(/no instance holds web-app-instance-role any more/);
    expect(outcome?.facts?.instanceGone).toBe(webA);
    expect(call(sessionA, { sourceIp: natA })).toBe('explicit-deny');
    expect(call(sessionA, { sourceIp: '10.0.1.15' }, 'rds-db:connect')).toBe('allowed');
  });

  it('is undone by rollback', async () => {
    const { sandbox, deps } = world();
    await runSteps('rk-1', restrict(), deps);
    await rollback('rk-1', { actor: 'test' }, deps);
    expect([...(sandbox.roles.get(role)?.inlinePolicies.keys() ?? [])]).toEqual(['db-login']);
  });
});
