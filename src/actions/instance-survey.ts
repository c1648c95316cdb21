import { ConfigurationError } from '../domain/errors.js';
import { type InstanceEgress, instanceEgress, type SurveyedInstance } from '../domain/instance-egress.js';
import type { Network } from '../ports/network.js';
import type { ActionContext } from './action.js';

/** The instances holding a role, and where they reach AWS from. */
export interface RoleSurvey {
  instances: SurveyedInstance[];
  egress: InstanceEgress;
}

/** The instances holding the profiles in one region, with their VPCs' NAT addresses and IPv6 ranges. */
async function surveyRegion(network: Network, profiles: readonly string[]) {
  const instances = await network.instancesWithProfiles(profiles);
  const vpcIds = [...new Set(instances.map((i) => i.vpcId))];
  const withIpv6 = new Set(instances.filter((i) => i.ipv6Addresses.length > 0).map((i) => i.vpcId));
  const [nat, ipv6] = await Promise.all([
    Promise.all(vpcIds.map(async (id) => [id, await network.natAddresses(id)] as const)),
    Promise.all([...withIpv6].map(async (id) => [id, await network.vpcIpv6Cidrs(id)] as const)),
  ]);
  return { instances, nat, ipv6 };
}

/**
 * Every instance that holds the role (through any of its instance profiles), in every region enabled in the
 * account (a role is global: a profile can be used by an instance in any region), with what EC2 says of their VPCs:
 * the NAT gateways' public addresses and the IPv6 ranges, read once per VPC.
 */
export async function surveyRole(roleName: string, context: ActionContext): Promise<RoleSurvey> {
  const { network, networkIn } = context;
  if (!network)
    throw new ConfigurationError("this deployment gives Rekey no EC2 access to learn the instances' network");
  const [profiles, regions] = await Promise.all([
    context.identity.instanceProfileArns(roleName),
    networkIn ? network.enabledRegions() : Promise.resolve([]),
  ]);
  const ports = networkIn && regions.length > 0 ? regions.map((r) => networkIn(r)) : [network];
  const surveyed = await Promise.all(ports.map((port) => surveyRegion(port, profiles)));
  const instances = surveyed.flatMap((s) => s.instances);
  return {
    instances,
    egress: instanceEgress(instances, {
      natAddresses: Object.fromEntries(surveyed.flatMap((s) => s.nat)),
      ipv6Cidrs: Object.fromEntries(surveyed.flatMap((s) => s.ipv6)),
    }),
  };
}

/** One line on where the role's instances are and where they reach AWS from. */
export function describeSurvey(roleName: string, { instances, egress }: RoleSurvey): string {
  if (instances.length === 0) return `no instance holds ${roleName} any more`;
  const where = instances.map((i) => `${i.instanceId} in ${i.vpcId}`).join(', ');
  const from =
    egress.addresses.length > 0
      ? `through their VPCs' endpoints or from ${egress.addresses.join(', ')}`
      : "only through their VPCs' endpoints";
  return `${instances.length} instance${instances.length === 1 ? '' : 's'} (${where}) reaching AWS ${from}`;
}
