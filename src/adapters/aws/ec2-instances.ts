import type { Instance, Route, RouteTable } from '@aws-sdk/client-ec2';
import type { SurveyedInstance } from '../../domain/instance-egress.js';

/** Where a route sends its traffic, whichever field EC2 names the target in. */
function targetOf(route: Route): string | undefined {
  return (
    route.NatGatewayId ??
    route.GatewayId ??
    route.EgressOnlyInternetGatewayId ??
    route.TransitGatewayId ??
    route.VpcPeeringConnectionId ??
    route.NetworkInterfaceId ??
    route.InstanceId ??
    route.CarrierGatewayId ??
    route.LocalGatewayId ??
    route.CoreNetworkArn
  );
}

const toInternet = (target: string) => /^(nat|igw|eigw)-/.test(target);

/**
 * A route table's routes out of the VPC: toward the internet by family (default routes, whatever their target, and
 * any route through a NAT or internet gateway) and, apart, the other networks specific routes lead to. Local routes,
 * blackholes and the VPC's own gateway endpoints (a prefix list to `vpce-`) stay inside the VPC.
 */
export function routesOf(table: RouteTable | undefined): SurveyedInstance['routes'] {
  const ipv4 = new Set<string>();
  const ipv6 = new Set<string>();
  const other = new Set<string>();
  for (const route of table?.Routes ?? []) {
    const target = targetOf(route);
    if (!target || target === 'local' || route.State === 'blackhole') continue;
    if (route.DestinationPrefixListId && target.startsWith('vpce-')) continue;
    if (route.DestinationCidrBlock === '0.0.0.0/0' || (route.DestinationCidrBlock && toInternet(target)))
      ipv4.add(target);
    else if (
      route.DestinationIpv6CidrBlock === '::/0' ||
      (route.DestinationIpv6CidrBlock && toInternet(target))
    )
      ipv6.add(target);
    else other.add(target);
  }
  return { ipv4: [...ipv4], ipv6: [...ipv6], toOtherNetworks: [...other] };
}

/** An instance as the survey needs it, from DescribeInstances, with its subnet's routes. */
export function surveyedInstance(
  instance: Instance,
  routes: SurveyedInstance['routes'],
): SurveyedInstance | undefined {
  if (!instance.InstanceId || !instance.VpcId) return undefined;
  const interfaces = [...(instance.NetworkInterfaces ?? [])].sort(
    (a, b) => (a.Attachment?.DeviceIndex ?? 0) - (b.Attachment?.DeviceIndex ?? 0),
  );
  // The primary interface's primary address first: it is aws:ec2InstanceSourcePrivateIPv4.
  const privateIps = interfaces.flatMap((eni) => [
    ...[...(eni.PrivateIpAddresses ?? [])]
      .sort((a, b) => Number(b.Primary ?? false) - Number(a.Primary ?? false))
      .flatMap((p) => (p.PrivateIpAddress ? [p.PrivateIpAddress] : [])),
    ...(eni.Ipv4Prefixes ?? []).flatMap((p) => (p.Ipv4Prefix ? [p.Ipv4Prefix] : [])),
  ]);
  const ipv6Addresses = interfaces.flatMap((eni) => [
    ...(eni.Ipv6Addresses ?? []).flatMap((a) => (a.Ipv6Address ? [a.Ipv6Address] : [])),
    ...(eni.Ipv6Prefixes ?? []).flatMap((p) => (p.Ipv6Prefix ? [p.Ipv6Prefix] : [])),
  ]);
  const otherVpcIds = [
    ...new Set(interfaces.flatMap((eni) => (eni.VpcId && eni.VpcId !== instance.VpcId ? [eni.VpcId] : []))),
  ];
  const group = instance.Tags?.find((t) => t.Key === 'aws:autoscaling:groupName')?.Value;
  return {
    instanceId: instance.InstanceId,
    vpcId: instance.VpcId,
    ...(instance.PublicIpAddress ? { publicIp: instance.PublicIpAddress } : {}),
    privateIps:
      privateIps.length > 0 ? privateIps : instance.PrivateIpAddress ? [instance.PrivateIpAddress] : [],
    ipv6Addresses,
    otherVpcIds,
    routes,
    ...(group ? { autoScalingGroup: group } : {}),
  };
}
