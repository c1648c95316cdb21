import type { SandboxAccount } from '../adapters/sandbox/sandbox-account.js';
import { NotContainableError } from '../domain/errors.js';
import type { AuditTrailProvider } from '../ports/audit-trail.js';
import type { IdentityProvider } from '../ports/identity.js';
import type { IdentityCenter } from '../ports/identity-center.js';
import type { NetworkProvider } from '../ports/network.js';
import type { Organizations } from '../ports/organizations.js';
import type { RootAccess } from '../ports/root-access.js';
import type { SecretsProvider } from '../ports/secrets.js';
import type { Service } from './latency-model.js';

/** The ports the actions use. */
export interface ActionPorts {
  identityFor: IdentityProvider;
  secretsFor: SecretsProvider;
  networkFor: NetworkProvider;
  auditTrailFor: AuditTrailProvider;
  identityCenter?: IdentityCenter;
  organizations?: Organizations;
  rootAccess?: RootAccess;
}

/** The ports with each call charged to its AWS service (`charge` wraps a port; identity for no model). */
export function chargedPorts(
  ports: ActionPorts,
  charge: <T extends object>(service: Service, port: T) => T,
): ActionPorts {
  const { identityCenter, organizations, rootAccess } = ports;
  return {
    identityFor: (accountId) => charge('iam', ports.identityFor(accountId)),
    secretsFor: (accountId, region) => charge('secretsmanager', ports.secretsFor(accountId, region)),
    networkFor: (accountId, region) => charge('ec2', ports.networkFor(accountId, region)),
    auditTrailFor: (accountId, region) => charge('cloudtrail', ports.auditTrailFor(accountId, region)),
    ...(identityCenter ? { identityCenter: charge('identitystore', identityCenter) } : {}),
    ...(organizations ? { organizations: charge('organizations', organizations) } : {}),
    ...(rootAccess ? { rootAccess: charge('iam', rootAccess) } : {}),
  };
}

/** Every port the actions use, answered by a drill's simulated account; any other account is out of reach. */
export function sandboxPorts(sandbox: SandboxAccount): ActionPorts {
  const here =
    <T>(make: () => T) =>
    (accountId: string): T => {
      if (accountId !== sandbox.id)
        throw new NotContainableError(`the drill simulates account ${sandbox.id}, not ${accountId}`);
      return make();
    };
  const identityCenter = sandbox.identityCenterPort();
  const rootAccess = sandbox.rootAccessPort();
  return {
    identityFor: here(() => sandbox.identity()),
    secretsFor: (accountId) => here(() => sandbox.secretsPort())(accountId),
    networkFor: (accountId, region) => here(() => sandbox.networkPort(region))(accountId),
    auditTrailFor: (accountId, region) => here(() => sandbox.auditTrailPort(region))(accountId),
    ...(identityCenter ? { identityCenter } : {}),
    ...(sandbox.organizations ? { organizations: sandbox.organizations } : {}),
    ...(rootAccess ? { rootAccess } : {}),
  };
}
