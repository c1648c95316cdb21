import {
  DescribeInstancesCommand,
  DescribeRouteTablesCommand,
  DescribeVpcsCommand,
  EC2Client,
  type Instance,
} from '@aws-sdk/client-ec2';
import { IAMClient, ListInstanceProfilesForRoleCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { Ec2Network } from '../../../../src/adapters/aws/ec2-network.js';
import { IamIdentity } from '../../../../src/adapters/aws/iam-identity.js';

const ec2 = mockClient(EC2Client);
const iam = mockClient(IAMClient);
const network = () => new Ec2Network({ client: new EC2Client({ region: 'us-east-1' }) });
const profile = 'arn:aws:iam::111122223333:instance-profile/web-app';

beforeEach(() => {
  ec2.reset();
  iam.reset();
});

/** An instance as DescribeInstances returns it: two interfaces when a second is given. */
function instance(id: string, subnetId: string, extra: Partial<Instance> = {}): Instance {
  return {
    InstanceId: id,
    VpcId: 'vpc-0a1b2c3d4e5f60718',
    SubnetId: subnetId,
    PrivateIpAddress: '10.0.1.15',
    IamInstanceProfile: { Arn: profile, Id: 'AIPAQNZGKIQYEXAMPLE01' },
    State: { Code: 16, Name: 'running' },
    NetworkInterfaces: [
      {
        NetworkInterfaceId: 'eni-0a1b2c3d4e5f60001',
        VpcId: 'vpc-0a1b2c3d4e5f60718',
        Attachment: { DeviceIndex: 0 },
        PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.15', Primary: true }],
        Ipv6Addresses: [{ Ipv6Address: '2600:1f18:4a3:6a01::15' }],
      },
    ],
    ...extra,
  };
}

describe('EC2 through the Network port: the instances holding a role', () => {
  it("lists the instances of the role's profiles that may run again, with each subnet's routes out of the VPC", async () => {
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            instance('i-0abcd1234ef567890', 'subnet-0aaa'),
            instance('i-0e0e0e0e0e0e0e0e0', 'subnet-0aaa', {
              IamInstanceProfile: { Arn: 'arn:aws:iam::111122223333:instance-profile/other' },
            }),
            instance('i-0f0f0f0f0f0f0f0f0', 'subnet-0aaa', { IamInstanceProfile: undefined }),
            instance('i-0c3d4e5f6a7b8c9d0', 'subnet-0ccc', {
              Tags: [{ Key: 'aws:autoscaling:groupName', Value: 'batch' }],
              PublicIpAddress: '198.51.100.20',
              NetworkInterfaces: [
                {
                  VpcId: 'vpc-0a1b2c3d4e5f60718',
                  Attachment: { DeviceIndex: 1 },
                  PrivateIpAddresses: [{ PrivateIpAddress: '10.0.2.9', Primary: true }],
                },
                {
                  VpcId: 'vpc-0a1b2c3d4e5f60718',
                  Attachment: { DeviceIndex: 0 },
                  PrivateIpAddresses: [
                    { PrivateIpAddress: '10.0.2.50', Primary: false },
                    { PrivateIpAddress: '10.0.2.8', Primary: true },
                  ],
                },
                { VpcId: 'vpc-0f9e8d7c6b5a49382', Attachment: { DeviceIndex: 2 } },
              ],
            }),
          ],
        },
      ],
    });
    ec2
      .on(DescribeRouteTablesCommand, {
        Filters: [{ Name: 'association.subnet-id', Values: ['subnet-0aaa'] }],
      })
      .resolves({
        RouteTables: [
          {
            Routes: [
              { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
              { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0a1b2c3d4e5f60718', State: 'active' },
              { DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: 'eigw-0a1b', State: 'active' },
              { DestinationPrefixListId: 'pl-63a5400a', GatewayId: 'vpce-0s3gateway', State: 'active' },
              {
                DestinationCidrBlock: '10.50.0.0/16',
                VpcPeeringConnectionId: 'pcx-0dead',
                State: 'blackhole',
              },
            ],
          },
        ],
      });
    // subnet-0ccc has no table of its own: the VPC's main route table applies.
    ec2
      .on(DescribeRouteTablesCommand, {
        Filters: [{ Name: 'association.subnet-id', Values: ['subnet-0ccc'] }],
      })
      .resolves({ RouteTables: [] });
    ec2
      .on(DescribeRouteTablesCommand, {
        Filters: [
          { Name: 'vpc-id', Values: ['vpc-0a1b2c3d4e5f60718'] },
          { Name: 'association.main', Values: ['true'] },
        ],
      })
      .resolves({
        RouteTables: [
          {
            Routes: [
              {
                DestinationCidrBlock: '0.0.0.0/0',
                TransitGatewayId: 'tgw-0123456789abcdef0',
                State: 'active',
              },
              { DestinationCidrBlock: '10.60.0.0/16', VpcPeeringConnectionId: 'pcx-0beef', State: 'active' },
            ],
          },
        ],
      });

    const found = await network().instancesWithProfiles([profile]);

    expect(ec2.commandCalls(DescribeInstancesCommand)[0]?.args[0].input.Filters).toEqual([
      { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
    ]);
    expect(found).toEqual([
      {
        instanceId: 'i-0abcd1234ef567890',
        vpcId: 'vpc-0a1b2c3d4e5f60718',
        privateIps: ['10.0.1.15'],
        ipv6Addresses: ['2600:1f18:4a3:6a01::15'],
        otherVpcIds: [],
        routes: { ipv4: ['nat-0a1b2c3d4e5f60718'], ipv6: ['eigw-0a1b'], toOtherNetworks: [] },
      },
      {
        instanceId: 'i-0c3d4e5f6a7b8c9d0',
        vpcId: 'vpc-0a1b2c3d4e5f60718',
        publicIp: '198.51.100.20',
        // The primary interface's primary address first: it is aws:ec2InstanceSourcePrivateIPv4.
        privateIps: ['10.0.2.8', '10.0.2.50', '10.0.2.9'],
        ipv6Addresses: [],
        otherVpcIds: ['vpc-0f9e8d7c6b5a49382'],
        routes: { ipv4: ['tgw-0123456789abcdef0'], ipv6: [], toOtherNetworks: ['pcx-0beef'] },
        autoScalingGroup: 'batch',
      },
    ]);
  });

  it('asks EC2 nothing for a role no instance profile holds', async () => {
    await expect(network().instancesWithProfiles([])).resolves.toEqual([]);
    expect(ec2.calls()).toHaveLength(0);
  });

  it("reads a VPC's associated IPv6 CIDR blocks, leaving out those being disassociated", async () => {
    ec2.on(DescribeVpcsCommand, { VpcIds: ['vpc-0a1b2c3d4e5f60718'] }).resolves({
      Vpcs: [
        {
          VpcId: 'vpc-0a1b2c3d4e5f60718',
          Ipv6CidrBlockAssociationSet: [
            { Ipv6CidrBlock: '2600:1f18:4a3:6a00::/56', Ipv6CidrBlockState: { State: 'associated' } },
            { Ipv6CidrBlock: '2600:1f18:4a3:7b00::/56', Ipv6CidrBlockState: { State: 'disassociating' } },
          ],
        },
      ],
    });
    await expect(network().vpcIpv6Cidrs('vpc-0a1b2c3d4e5f60718')).resolves.toEqual([
      '2600:1f18:4a3:6a00::/56',
    ]);
  });
});

describe('IAM through the Identity port: the instance profiles holding a role', () => {
  it('lists every page of ListInstanceProfilesForRole', async () => {
    iam
      .on(ListInstanceProfilesForRoleCommand, { RoleName: 'web-app' })
      .resolvesOnce({
        InstanceProfiles: [
          {
            InstanceProfileName: 'web-app',
            Arn: profile,
            InstanceProfileId: 'AIPAQNZGKIQYEXAMPLE01',
            Path: '/',
            CreateDate: new Date('2025-01-01T00:00:00Z'),
            Roles: [],
          },
        ],
        IsTruncated: true,
        Marker: 'page-2',
      })
      .resolvesOnce({
        InstanceProfiles: [
          {
            InstanceProfileName: 'web-app-legacy',
            Arn: 'arn:aws:iam::111122223333:instance-profile/legacy/web-app-legacy',
            InstanceProfileId: 'AIPAQNZGKIQYEXAMPLE02',
            Path: '/legacy/',
            CreateDate: new Date('2023-01-01T00:00:00Z'),
            Roles: [],
          },
        ],
        IsTruncated: false,
      });
    const identity = new IamIdentity({ client: new IAMClient({ region: 'us-east-1' }) });
    await expect(identity.instanceProfileArns('web-app')).resolves.toEqual([
      profile,
      'arn:aws:iam::111122223333:instance-profile/legacy/web-app-legacy',
    ]);
  });
});
