import type { SurveyedInstance } from '../domain/instance-egress.js';

/** Where an instance sits, as EC2 describes it. */
export interface InstanceNetwork {
  instanceId: string;
  vpcId: string;
  /** The instance's own public address, if it has one. */
  publicIp?: string;
}

/** EC2 facts Rekey needs to tell an instance's own traffic from a thief's. */
export interface Network {
  describeInstance(instanceId: string): Promise<InstanceNetwork | undefined>;
  /** The public addresses of the NAT gateways in a VPC: the instance's traffic to AWS leaves through them. */
  natAddresses(vpcId: string): Promise<string[]>;
  /**
   * Every instance not terminated that holds one of these instance profiles (by ARN), with its addresses and the
   * routes of its subnet: where its traffic to AWS's public endpoints leaves the VPC.
   */
  instancesWithProfiles(profileArns: readonly string[]): Promise<SurveyedInstance[]>;
  /** The IPv6 CIDR blocks associated with a VPC. */
  vpcIpv6Cidrs(vpcId: string): Promise<string[]>;
  /** The regions enabled in the account (opted in, or needing no opt-in): where an investigation must look. */
  enabledRegions(): Promise<string[]>;
}

/** Gives the Network port of an account and region. */
export type NetworkProvider = (accountId: string, region: string) => Network;
