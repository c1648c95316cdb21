import {
  AllocateAddressCommand,
  CreateNatGatewayCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeImagesCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { Ec2Network } from '../../src/adapters/aws/ec2-network.js';
import { SandboxAccount } from '../../src/adapters/sandbox/sandbox-account.js';
import type { Network } from '../../src/ports/network.js';
import { ManualClock } from '../support/fixed-clock.js';
import { freshMoto } from './fresh-moto.js';

interface NetworkWorld {
  network: Network;
  /** An instance in a VPC with one NAT gateway; returns the ids and the NAT address. */
  createInstanceBehindNat(): Promise<{ instanceId: string; vpcId: string; natIp: string }>;
}

function sandboxWorld(): NetworkWorld {
  const facts = { instanceId: 'i-0abcd1234ef567890', vpcId: 'vpc-0a1b2c3d', natIp: '203.0.113.10' };
  const account = new SandboxAccount(
    {
      id: '123456789012',
      network: {
        instances: [{ id: facts.instanceId, vpcId: facts.vpcId }],
        natGateways: [{ vpcId: facts.vpcId, publicIp: facts.natIp }],
      },
    },
    new ManualClock('2026-11-28T09:00:00Z'),
  );
  return { network: account.networkPort(), createInstanceBehindNat: async () => facts };
}

async function motoWorld(endpoint: string): Promise<NetworkWorld> {
  const client = new EC2Client(await freshMoto(endpoint));
  return {
    network: new Ec2Network({ client }),
    createInstanceBehindNat: async () => {
      const vpcId = (await client.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc?.VpcId ?? '';
      const subnetId =
        (await client.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24' }))).Subnet
          ?.SubnetId ?? '';
      const eip = await client.send(new AllocateAddressCommand({ Domain: 'vpc' }));
      await client.send(new CreateNatGatewayCommand({ SubnetId: subnetId, AllocationId: eip.AllocationId }));
      const imageId = (await client.send(new DescribeImagesCommand({}))).Images?.[0]?.ImageId ?? '';
      const run = await client.send(
        new RunInstancesCommand({ ImageId: imageId, MinCount: 1, MaxCount: 1, SubnetId: subnetId }),
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
