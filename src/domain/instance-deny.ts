import type { PolicyDocument } from './policy-document.js';

/** The Sid of Rekey's deny for instance credentials used away from their instance. */
export const RESTRICT_INSTANCE_SID = 'RekeyDenyAwayFromInstanceNetwork';

/**
 * A deny for requests that come neither through the instance's VPC (aws:SourceVpc, present only on requests
 * through VPC endpoints) nor from its NAT or public addresses (aws:SourceIp, present otherwise), and that are not
 * made by an AWS service on the caller's behalf. Both exemptions use IfExists, since most VPCs use both paths.
 */
export function restrictToNetworkPolicy(
  vpcIds: readonly string[],
  addresses: readonly string[],
): PolicyDocument {
  const condition: Record<string, Record<string, string | string[]>> = {
    StringNotEqualsIfExists: { 'aws:SourceVpc': [...vpcIds] },
    BoolIfExists: { 'aws:ViaAWSService': 'false' },
  };
  if (addresses.length > 0) {
    condition.NotIpAddressIfExists = {
      'aws:SourceIp': addresses.map((a) => (a.includes('/') ? a : `${a}/32`)),
    };
  }
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: RESTRICT_INSTANCE_SID, Effect: 'Deny', Action: '*', Resource: '*', Condition: condition },
    ],
  };
}
