import {
  DescribeInstancesCommand,
  DescribeRegionsCommand,
  DescribeRouteTablesCommand,
  DescribeVpcsCommand,
  EC2Client,
  type EC2ClientConfig,
  type Instance,
  paginateDescribeInstances,
  paginateDescribeNatGateways,
  type RouteTable,
} from '@aws-sdk/client-ec2';
import { NotFoundError } from '../../domain/errors.js';
import type { SurveyedInstance } from '../../domain/instance-egress.js';
import type { InstanceNetwork, Network } from '../../ports/network.js';
import { routesOf, surveyedInstance } from './ec2-instances.js';
import { awsCall } from './errors.js';

/** Instances that may run again: a stopped instance keeps its role and comes back to the same network. */
const LIVE_STATES = ['pending', 'running', 'stopping', 'stopped'];

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

  async instancesWithProfiles(profileArns: readonly string[]): Promise<SurveyedInstance[]> {
    if (profileArns.length === 0) return [];
    const instances: Instance[] = [];
    const wanted = new Set(profileArns);
    // Matched on the profile here: EC2 could filter on iam-instance-profile.arn, but moto (the contract suite's
    // AWS) cannot, and one listing of the region's instances is cheap next to an incident.
    await awsCall('ec2:DescribeInstances', async () => {
      const pages = paginateDescribeInstances(
        { client: this.client },
        { Filters: [{ Name: 'instance-state-name', Values: LIVE_STATES }] },
      );
      for await (const page of pages)
        for (const reservation of page.Reservations ?? [])
          for (const instance of reservation.Instances ?? [])
            if (instance.IamInstanceProfile?.Arn && wanted.has(instance.IamInstanceProfile.Arn))
              instances.push(instance);
    });
    const tables = new Map<string, Promise<RouteTable | undefined>>();
    const tableOf = (subnetId: string | undefined, vpcId: string) => {
      const key = subnetId ?? `main:${vpcId}`;
      let table = tables.get(key);
      if (!table) {
        table = this.routeTable(subnetId, vpcId);
        tables.set(key, table);
      }
      return table;
    };
    const surveyed = await Promise.all(
      instances.map(async (i) =>
        i.VpcId ? surveyedInstance(i, routesOf(await tableOf(i.SubnetId, i.VpcId))) : undefined,
      ),
    );
    return surveyed.filter((i): i is SurveyedInstance => i !== undefined);
  }

  /** The subnet's route table: the one explicitly associated with it, else the VPC's main route table. */
  private async routeTable(subnetId: string | undefined, vpcId: string): Promise<RouteTable | undefined> {
    const find = (filters: { Name: string; Values: string[] }[]) =>
      awsCall('ec2:DescribeRouteTables', () =>
        this.client.send(new DescribeRouteTablesCommand({ Filters: filters })),
      ).then((out) => out.RouteTables?.[0]);
    const own = subnetId ? await find([{ Name: 'association.subnet-id', Values: [subnetId] }]) : undefined;
    return (
      own ??
      find([
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'association.main', Values: ['true'] },
      ])
    );
  }

  async vpcIpv6Cidrs(vpcId: string): Promise<string[]> {
    const out = await awsCall('ec2:DescribeVpcs', () =>
      this.client.send(new DescribeVpcsCommand({ VpcIds: [vpcId] })),
    );
    return (out.Vpcs ?? []).flatMap((vpc) =>
      (vpc.Ipv6CidrBlockAssociationSet ?? []).flatMap((a) =>
        a.Ipv6CidrBlock && a.Ipv6CidrBlockState?.State === 'associated' ? [a.Ipv6CidrBlock] : [],
      ),
    );
  }

  async enabledRegions(): Promise<string[]> {
    // Without AllRegions, DescribeRegions lists only the regions enabled for the account.
    const out = await awsCall('ec2:DescribeRegions', () => this.client.send(new DescribeRegionsCommand({})));
    return (out.Regions ?? []).flatMap((r) => (r.RegionName ? [r.RegionName] : [])).sort();
  }
}

/** EC2 of one account and region through a client of its own (a deployed function loads this module when first needed). */
export function ec2NetworkWith(config: EC2ClientConfig): Ec2Network {
  return new Ec2Network({ client: new EC2Client(config) });
}
