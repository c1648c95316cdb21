/** An instance holding the role, as EC2 describes its network (the Network port's answer, in domain terms). */
export interface SurveyedInstance {
  instanceId: string;
  vpcId: string;
  publicIp?: string;
  /** Every private IPv4 address of the instance, the primary interface's primary address first. */
  privateIps: readonly string[];
  ipv6Addresses: readonly string[];
  /** VPCs of network interfaces attached from other VPCs (multi-VPC interfaces). */
  otherVpcIds: readonly string[];
  /**
   * The targets of the subnet's routes out of the VPC: toward the internet (the default routes, and any route
   * through a NAT or internet gateway), by family, and the other networks more specific routes lead to.
   */
  routes: { ipv4: readonly string[]; ipv6: readonly string[]; toOtherNetworks: readonly string[] };
  /** The Auto Scaling group the instance belongs to, if any (its replacements get new public addresses). */
  autoScalingGroup?: string;
}

/** What the survey found of the VPCs the instances sit in. */
export interface VpcEgress {
  /** The public addresses of each VPC's NAT gateways. */
  natAddresses: Readonly<Record<string, readonly string[]>>;
  /** Each VPC's IPv6 CIDR blocks: an instance's own IPv6 address, seen as is by AWS, lies in one of them. */
  ipv6Cidrs: Readonly<Record<string, readonly string[]>>;
}

/** Where the role's instances reach AWS from, and why (if at all) Rekey cannot prove a deny leaves them working. */
export interface InstanceEgress {
  /** The public addresses (CIDR) the instances reach AWS's public endpoints from: NAT, own, IPv6 ranges. */
  addresses: string[];
  /** Every instance has a single private IPv4 address: an endpoint's source address can be compared with it. */
  checkAddress: boolean;
  /** Why the VPC-endpoint comparison might cut an instance off (one sentence each); empty when it cannot. */
  unprovenEndpoints: string[];
  /** Why the internet-path deny might cut an instance off (one sentence each); empty when it cannot. */
  unprovenEgress: string[];
}

const host = (address: string) =>
  address.includes('/') ? address : `${address}/${address.includes(':') ? 128 : 32}`;

type Egress = { addresses: string[]; unproven?: string };

/** Gateways whose traffic goes to the internet, where AWS sees a public address Rekey can name. */
const INTERNET = /^(nat|igw|eigw)-/;

function ipv4Egress(instance: SurveyedInstance, target: string, vpcs: VpcEgress): Egress {
  const id = instance.instanceId;
  if (target.startsWith('nat-')) {
    const addresses = vpcs.natAddresses[instance.vpcId] ?? [];
    return addresses.length > 0
      ? { addresses: addresses.map(host) }
      : { addresses: [], unproven: `${id} leaves through ${target}, a NAT gateway with no public address` };
  }
  if (target.startsWith('igw-')) {
    if (!instance.publicIp) return { addresses: [] };
    return {
      addresses: [host(instance.publicIp)],
      ...(instance.autoScalingGroup
        ? {
            unproven: `${id} leaves from its own public address and belongs to Auto Scaling group ${instance.autoScalingGroup}: an instance launched in its place gets another address`,
          }
        : {}),
    };
  }
  return {
    addresses: [],
    unproven: `${id}'s internet traffic leaves through ${target}: Rekey cannot see the address it reaches AWS from`,
  };
}

function ipv6Egress(instance: SurveyedInstance, target: string, vpcs: VpcEgress): Egress {
  if (instance.ipv6Addresses.length === 0) return { addresses: [] };
  if (target.startsWith('eigw-') || target.startsWith('igw-')) {
    const cidrs = vpcs.ipv6Cidrs[instance.vpcId] ?? [];
    return { addresses: cidrs.length > 0 ? [...cidrs] : instance.ipv6Addresses.map(host) };
  }
  return {
    addresses: [],
    unproven: `${instance.instanceId}'s IPv6 traffic leaves through ${target}: Rekey cannot see the address it reaches AWS from`,
  };
}

/**
 * From the instances holding the role, where each reaches AWS from, and whatever Rekey cannot prove: for the internet
 * path, a route through anything but a NAT gateway or an internet gateway (a transit gateway, a firewall, a proxy
 * instance) and an Auto Scaling group leaving from its own public addresses; for the endpoint path, routes to other
 * networks (VPC endpoints of another VPC may be reached through them, and the VPC comparison would refuse those) and
 * interfaces in other VPCs. The address comparison is kept only when every instance has a single private IPv4
 * address (pods, containers and secondary interfaces call from others).
 */
export function instanceEgress(instances: readonly SurveyedInstance[], vpcs: VpcEgress): InstanceEgress {
  const addresses = new Set<string>();
  const unprovenEgress = new Set<string>();
  const unprovenEndpoints: string[] = [];
  for (const instance of instances) {
    const { routes } = instance;
    for (const egress of [
      ...routes.ipv4.map((target) => ipv4Egress(instance, target, vpcs)),
      ...routes.ipv6.map((target) => ipv6Egress(instance, target, vpcs)),
    ]) {
      for (const address of egress.addresses) addresses.add(address);
      if (egress.unproven) unprovenEgress.add(egress.unproven);
    }
    // Whatever leads to another network (a transit gateway, a peering, an appliance) may carry the instance's calls
    // to VPC endpoints in another VPC (centralised endpoints), which the VPC comparison would refuse.
    const elsewhere = [
      ...new Set(
        [...routes.ipv4, ...routes.ipv6, ...routes.toOtherNetworks].filter((t) => !INTERNET.test(t)),
      ),
    ];
    if (elsewhere.length > 0)
      unprovenEndpoints.push(
        `${instance.instanceId}'s subnet routes to ${elsewhere.join(', ')}: it may reach AWS through endpoints of another VPC`,
      );
    if (instance.otherVpcIds.length > 0)
      unprovenEndpoints.push(
        `${instance.instanceId} has interfaces in ${instance.otherVpcIds.join(', ')} as well: it may call through their endpoints`,
      );
  }
  return {
    addresses: [...addresses].sort(),
    checkAddress: instances.every((i) => i.privateIps.length === 1),
    unprovenEndpoints,
    unprovenEgress: [...unprovenEgress],
  };
}
