import type { SurveyedInstance } from '../../domain/instance-egress.js';
import type { Network } from '../../ports/network.js';
import type { AccountSeed } from './account-seed.js';
import type { RekeyCaller, TrailedCall } from './sandbox-model.js';

type NetworkSeed = AccountSeed['network'];
type InstanceSeed = NetworkSeed['instances'][number];

/** What the sandbox's Network port needs of its account. */
export interface NetworkHost {
  readonly id: string;
  readonly region: string;
  readonly network: NetworkSeed;
  record(operation: string, target: string, trail?: TrailedCall): void;
}

/** The instance profile a drill's instance holds its role through: named after the role, as the console does. */
export const instanceProfileArn = (accountId: string, roleName: string) =>
  `arn:aws:iam::${accountId}:instance-profile/${roleName}`;

/** The instance's subnet routes out of the VPC, or the drill's default: the VPC's NAT gateway, else its own address. */
function routesOf(network: NetworkSeed, instance: InstanceSeed): SurveyedInstance['routes'] {
  if (instance.routes) return instance.routes;
  const nat = network.natGateways.some((n) => n.vpcId === instance.vpcId);
  const ipv4 = nat
    ? [`nat-${instance.vpcId.slice(4)}`]
    : instance.publicIp
      ? [`igw-${instance.vpcId.slice(4)}`]
      : [];
  return { ipv4, ipv6: [], toOtherNetworks: [] };
}

/** An instance of the drill as EC2 would describe it to the survey. */
export function surveyedFromSeed(network: NetworkSeed, instance: InstanceSeed): SurveyedInstance {
  return {
    instanceId: instance.id,
    vpcId: instance.vpcId,
    ...(instance.publicIp ? { publicIp: instance.publicIp } : {}),
    privateIps: [...instance.privateIps],
    ipv6Addresses: [...instance.ipv6Addresses],
    otherVpcIds: [...instance.otherVpcIds],
    routes: routesOf(network, instance),
    ...(instance.autoScalingGroup ? { autoScalingGroup: instance.autoScalingGroup } : {}),
  };
}

/**
 * The request context of instance credentials, which AWS sets on every request signed with them wherever it comes
 * from: a role session named after an instance that holds the role (EC2 names the session after the instance).
 */
export function instanceCredentialContext(
  host: Pick<NetworkHost, 'id' | 'region' | 'network'>,
  roleName: string,
  sessionName: string | undefined,
): Record<string, string> {
  const instance = host.network.instances.find((i) => i.id === sessionName && i.role === roleName);
  if (!instance) return {};
  const [privateIp] = instance.privateIps;
  return {
    'ec2:SourceInstanceARN': `arn:aws:ec2:${instance.region ?? host.region}:${host.id}:instance/${instance.id}`,
    'aws:ec2InstanceSourceVPC': instance.vpcId,
    ...(privateIp ? { 'aws:ec2InstanceSourcePrivateIPv4': privateIp } : {}),
  };
}

/**
 * The Network port over a sandbox account's instances, NAT gateways and VPCs in a region; every call is recorded, and
 * written to CloudTrail as the calling role's (`as`) in that region.
 */
export function sandboxNetwork(host: NetworkHost, region = host.region, as?: RekeyCaller): Network {
  const { network } = host;
  const ec2 = (requestParameters: Record<string, unknown>): TrailedCall => ({
    service: 'ec2',
    region,
    requestParameters,
    ...(as ? { as } : {}),
  });
  const here = (i: InstanceSeed) => (i.region ?? host.region) === region;
  return {
    describeInstance: async (instanceId) => {
      host.record('DescribeInstances', instanceId, ec2({ instancesSet: { items: [{ instanceId }] } }));
      const found = network.instances.find((i) => i.id === instanceId && here(i));
      return (
        found && {
          instanceId: found.id,
          vpcId: found.vpcId,
          ...(found.publicIp ? { publicIp: found.publicIp } : {}),
        }
      );
    },
    natAddresses: async (vpcId) => {
      host.record(
        'DescribeNatGateways',
        vpcId,
        ec2({ filterSet: { items: [{ name: 'vpc-id', valueSet: { items: [{ value: vpcId }] } }] } }),
      );
      return network.natGateways.filter((n) => n.vpcId === vpcId).map((n) => n.publicIp);
    },
    instancesWithProfiles: async (profileArns) => {
      host.record(
        'DescribeInstances',
        profileArns.join(','),
        ec2({
          filterSet: {
            items: [
              {
                name: 'iam-instance-profile.arn',
                valueSet: { items: profileArns.map((value) => ({ value })) },
              },
            ],
          },
        }),
      );
      return network.instances
        .filter((i) => here(i) && i.state !== 'shutting-down' && i.state !== 'terminated')
        .filter((i) => i.role && profileArns.includes(instanceProfileArn(host.id, i.role)))
        .map((i) => surveyedFromSeed(network, i));
    },
    vpcIpv6Cidrs: async (vpcId) => {
      host.record('DescribeVpcs', vpcId, ec2({ vpcSet: { items: [{ vpcId }] } }));
      return [...(network.vpcs.find((v) => v.id === vpcId)?.ipv6Cidrs ?? [])];
    },
    enabledRegions: async () => {
      host.record('DescribeRegions', host.id, ec2({}));
      return [...(network.regions ?? [host.region])].sort();
    },
  };
}
