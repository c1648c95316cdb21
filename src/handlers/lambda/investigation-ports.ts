import type { MemberAccounts } from '../../adapters/aws/member-accounts.js';
import type { AuditTrail } from '../../ports/audit-trail.js';
import type { Network } from '../../ports/network.js';
import { loadedOnFirstCall } from './loaded-on-first-call.js';

/** One port per account and region, made when first asked for and kept for the function's life. */
export function perAccountAndRegion<T>(make: (accountId: string, region: string) => T) {
  const cache = new Map<string, T>();
  return (accountId: string, region: string): T => {
    const key = `${accountId}/${region}`;
    let port = cache.get(key);
    if (!port) {
      port = make(accountId, region);
      cache.set(key, port);
    }
    return port;
  };
}

/**
 * CloudTrail's event history and EC2, per account and region, through the member role where needed: triage reads
 * them to find the key behind a session, the action function for a few playbooks' steps. Each is loaded, client and
 * adapter, when first called (EC2's client alone cost about 60 ms of every cold start of both functions).
 */
export function investigationPorts(accounts: MemberAccounts) {
  return {
    auditTrailFor: perAccountAndRegion(
      (accountId, region): AuditTrail =>
        loadedOnFirstCall(
          async () =>
            (await import('../../adapters/aws/cloudtrail-audit-trail.js')).cloudTrailAuditTrailWith(
              accounts.clientConfig(accountId, region),
              region,
            ),
          { eventsByAccessKey: true, eventsByResource: true, eventsByName: true, eventsByUser: true },
        ),
    ),
    networkFor: perAccountAndRegion(
      (accountId, region): Network =>
        loadedOnFirstCall(
          async () =>
            (await import('../../adapters/aws/ec2-network.js')).ec2NetworkWith(
              accounts.clientConfig(accountId, region || undefined),
            ),
          {
            describeInstance: true,
            natAddresses: true,
            instancesWithProfiles: true,
            vpcIpv6Cidrs: true,
            enabledRegions: true,
          },
        ),
    ),
  };
}
