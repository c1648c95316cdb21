import {
  DescribeInstancesCommand,
  DescribeRegionsCommand,
  type EC2Client,
  paginateDescribeNatGateways,
} from '@aws-sdk/client-ec2';
import { NotFoundError } from '../../domain/errors.js';
import type { InstanceNetwork, Network } from '../../ports/network.js';
import { awsCall } from './errors.js';

/** The Network port over EC2's describe calls (read-only). */
export class Ec2Network implements Network {
  private readonly client: EC2Client;

  constructor({ client }: { client: EC2Client }) {
    this.client = client;
  }

  async describeInstance(instanceId: string): Promise<InstanceNetwork | undefined> {
    try {
      const out = await awsCall('ec2:DescribeInstances', () =>
        this.client.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })),
      );
      const instance = out.Reservations?.flatMap((r) => r.Instances ?? []).find(
        (i) => i.InstanceId === instanceId,
      );
      if (!instance?.VpcId) return undefined;
      return {
        instanceId,
        vpcId: instance.VpcId,
        ...(instance.PublicIpAddress ? { publicIp: instance.PublicIpAddress } : {}),
      };
    } catch (error) {
      // EC2 answers InvalidInstanceID.NotFound for an instance that does not exist.
      if (error instanceof NotFoundError || /InvalidInstanceID/.test((error as Error).name)) return undefined;
      throw error;
    }
  }

  async natAddresses(vpcId: string): Promise<string[]> {
    const addresses: string[] = [];
    await awsCall('ec2:DescribeNatGateways', async () => {
      const pages = paginateDescribeNatGateways(
        { client: this.client },
        {
          Filter: [
            { Name: 'vpc-id', Values: [vpcId] },
            { Name: 'state', Values: ['available'] },
          ],
        },
      );
      for await (const page of pages) {
        for (const gateway of page.NatGateways ?? []) {
          for (const address of gateway.NatGatewayAddresses ?? [])
            if (address.PublicIp) addresses.push(address.PublicIp);
        }
      }
    });
    return addresses;
  }

  async enabledRegions(): Promise<string[]> {
    // Without AllRegions, DescribeRegions lists only the regions enabled for the account.
    const out = await awsCall('ec2:DescribeRegions', () => this.client.send(new DescribeRegionsCommand({})));
    return (out.Regions ?? []).flatMap((r) => (r.RegionName ? [r.RegionName] : [])).sort();
  }
}
