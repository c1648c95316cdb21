import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeImagesCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { Ec2Network } from '../../src/adapters/aws/ec2-network.js';
import { IamIdentity } from '../../src/adapters/aws/iam-identity.js';
import { SandboxAccount } from '../../src/adapters/sandbox/sandbox-account.js';
import type { Identity } from '../../src/ports/identity.js';
import type { Network } from '../../src/ports/network.js';
import { ManualClock } from '../support/fixed-clock.js';
import { freshMoto } from './fresh-moto.js';

interface NetworkWorld {
  network: Network;
  identity: Identity;
  /**
   * An instance in a VPC with one NAT gateway, its subnet routed through it; with a role, the instance holds the
   * role through an instance profile. Returns the ids and the NAT address.
   */
  createInstanceBehindNat(role?: string): Promise<{ instanceId: string; vpcId: string; natIp: string }>;
}

function sandboxWorld(): NetworkWorld {
  const facts = { instanceId: 'i-0abcd1234ef567890', vpcId: 'vpc-0a1b2c3d', natIp: '203.0.113.10' };
  const seed = (role?: string) => ({
    id: '123456789012',
    ...(role ? { roles: [{ name: role }] } : {}),
    network: {
      instances: [
        { id: facts.instanceId, vpcId: facts.vpcId, privateIps: ['10.0.1.15'], ...(role ? { role } : {}) },
      ],
      natGateways: [{ vpcId: facts.vpcId, publicIp: facts.natIp }],
    },
  });
  let account = new SandboxAccount(seed(), new ManualClock('2026-11-28T09:00:00Z'));
  const world: NetworkWorld = {
    network: account.networkPort(),
    identity: account.identity(),
    createInstanceBehindNat: async (role) => {
      account = new SandboxAccount(seed(role), new ManualClock('2026-11-28T09:00:00Z'));
      world.network = account.networkPort();
      world.identity = account.identity();
      return facts;
    },
  };
  return world;
}

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

async function motoWorld(endpoint: string): Promise<NetworkWorld> {
  const config = await freshMoto(endpoint);
  const client = new EC2Client(config);
  const iam = new IAMClient(config);
  return {
    network: new Ec2Network({ client }),
    identity: new IamIdentity({ client: iam }),
    createInstanceBehindNat: async (role) => {
      const vpcId = (await client.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc?.VpcId ?? '';
      const subnetId =
        (await client.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24' }))).Subnet
          ?.SubnetId ?? '';
      const eip = await client.send(new AllocateAddressCommand({ Domain: 'vpc' }));
      const nat = await client.send(
        new CreateNatGatewayCommand({ SubnetId: subnetId, AllocationId: eip.AllocationId }),
      );
      const table = (await client.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable
        ?.RouteTableId;
      await client.send(
        new CreateRouteCommand({
          RouteTableId: table,
          DestinationCidrBlock: '0.0.0.0/0',
          NatGatewayId: nat.NatGateway?.NatGatewayId,
        }),
      );
      await client.send(new AssociateRouteTableCommand({ RouteTableId: table, SubnetId: subnetId }));
      if (role) {
        await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: TRUST }));
        await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: role }));
        await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: role, RoleName: role }));
      }
      const imageId = (await client.send(new DescribeImagesCommand({}))).Images?.[0]?.ImageId ?? '';
      const run = await client.send(
        new RunInstancesCommand({
          ImageId: imageId,
          MinCount: 1,
          MaxCount: 1,
          SubnetId: subnetId,
          ...(role ? { IamInstanceProfile: { Name: role } } : {}),
        }),
      );
      return { instanceId: run.Instances?.[0]?.InstanceId ?? '', vpcId, natIp: eip.PublicIp ?? '' };
    },
  };
}

const worlds: Array<[string, () => Promise<NetworkWorld>]> = [
  ['the sandbox', async () => sandboxWorld()],
  ['the EC2 adapter against moto', () => motoWorld(inject('motoEndpoint'))],
];

describe.each(worlds)('EC2 network facts, as %s answers them', (_name, makeWorld) => {
  let world: NetworkWorld;
  beforeEach(async () => {
    world = await makeWorld();
  });

  it("finds an instance's VPC and the public addresses of that VPC's NAT gateways", async () => {
    const { instanceId, vpcId, natIp } = await world.createInstanceBehindNat();
    await expect(world.network.describeInstance(instanceId)).resolves.toMatchObject({ instanceId, vpcId });
    await expect(world.network.natAddresses(vpcId)).resolves.toEqual([natIp]);
  });

  it('finds the instances holding a role through its instance profile, with their subnet routed through the NAT gateway', async () => {
    const { instanceId, vpcId } = await world.createInstanceBehindNat('web-app-instance-role');
    const profiles = await world.identity.instanceProfileArns('web-app-instance-role');
    expect(profiles).toHaveLength(1);
    expect(profiles[0]).toMatch(/^arn:aws:iam::\d{12}:instance-profile\/web-app-instance-role$/);
    const [found, ...others] = await world.network.instancesWithProfiles(profiles);
    expect(others).toEqual([]);
    expect(found).toMatchObject({ instanceId, vpcId, otherVpcIds: [] });
    expect(found?.privateIps).toHaveLength(1);
    expect(found?.routes.ipv4).toEqual([expect.stringMatching(/^nat-/)]);
  });

  it("lists the account's enabled regions, sorted, its home region among them", async () => {
    const regions = await world.network.enabledRegions();
    expect(regions).toContain('us-east-1');
    expect(regions).toEqual([...regions].sort());
    for (const region of regions) expect(region).toMatch(/^[a-z]{2}(-[a-z]+)+-\d$/);
  });

  it('answers nothing for an instance that does not exist', async () => {
    await expect(world.network.describeInstance('i-0fffffffffffffff0')).resolves.toBeUndefined();
  });
});
