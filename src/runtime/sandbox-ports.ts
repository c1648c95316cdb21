import type { SandboxAccount } from '../adapters/sandbox/sandbox-account.js';
import type { RekeyCaller } from '../adapters/sandbox/sandbox-model.js';
import { NotContainableError } from '../domain/errors.js';
import type { AuditTrailProvider } from '../ports/audit-trail.js';
import type { IdentityProvider } from '../ports/identity.js';
import type { IdentityCenter } from '../ports/identity-center.js';
import type { NetworkProvider } from '../ports/network.js';
import type { Organizations } from '../ports/organizations.js';
import type { RootAccess } from '../ports/root-access.js';
import type { RotationLogsProvider } from '../ports/rotation-logs.js';
import type { SecretsProvider } from '../ports/secrets.js';
import type { Service } from './latency-model.js';

/** The ports the actions use. */
export interface ActionPorts {
  identityFor: IdentityProvider;
  secretsFor: SecretsProvider;
  rotationLogsFor?: RotationLogsProvider;
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
  const { identityCenter, organizations, rootAccess, rotationLogsFor } = ports;
  return {
    // Read only when a rotation was left stuck; the latency model has no figure for CloudWatch Logs.
    ...(rotationLogsFor ? { rotationLogsFor } : {}),
    identityFor: (accountId) => charge('iam', ports.identityFor(accountId)),
    secretsFor: (accountId, region) => charge('secretsmanager', ports.secretsFor(accountId, region)),
    networkFor: (accountId, region) => charge('ec2', ports.networkFor(accountId, region)),
    auditTrailFor: (accountId, region) => charge('cloudtrail', ports.auditTrailFor(accountId, region)),
    ...(identityCenter ? { identityCenter: charge('identitystore', identityCenter) } : {}),
    ...(organizations ? { organizations: charge('organizations', organizations) } : {}),
    ...(rootAccess ? { rootAccess: charge('iam', rootAccess) } : {}),
  };
}

/** Why Rekey cannot reach an account (its role there cannot be assumed), or undefined when it can. */
export type Unreachable = (accountId: string) => string | undefined;

/** Identity Center as Rekey meets it when it cannot reach the instance: every call refused, saying why. */
function refusedIdentityCenter(why: string): IdentityCenter {
  const refuse = async (): Promise<never> => {
    throw new NotContainableError(why);
  };
  return {
    findPermissionSet: refuse,
    describePermissionSet: refuse,
    findUserId: refuse,
    groupIdsOf: refuse,
    permissionSetArnsAssignedTo: refuse,
    permissionSetArns: refuse,
    accountsProvisionedWith: refuse,
    assignmentsIn: refuse,
    getInlinePolicy: refuse,
    putInlinePolicy: refuse,
    deleteInlinePolicy: refuse,
    provision: refuse,
  };
}

/**
 * Every port the actions use, answered by a drill's simulated account and its other accounts of the organisation
 * (reached as through Rekey's member role, unless `unreachable` says why not); any other account is out of reach.
 * Identity Center is called in the account holding its instance, unless `identityCenterUnreachable` says why
 * Rekey cannot call it there (then every call is refused with that reason).
 */
export function sandboxPorts(
  sandbox: SandboxAccount,
  members: readonly SandboxAccount[] = [],
  unreachable?: Unreachable,
  /** Which of Rekey's roles the ports call as: the action's member role, or triage's reader role. */
  caller: RekeyCaller = 'member',
  identityCenterUnreachable?: Unreachable,
): ActionPorts {
  const accounts = new Map([sandbox, ...members].map((a) => [a.id, a]));
  const here =
    <T>(make: (account: SandboxAccount) => T) =>
    (accountId: string): T => {
      const why = unreachable?.(accountId);
      if (why) throw new NotContainableError(why);
      const account = accounts.get(accountId);
      if (!account)
        throw new NotContainableError(
          `Rekey cannot assume its member role in ${accountId}: AccessDenied (not an account of the drill, which holds ${[...accounts.keys()].join(', ')})`,
        );
      return make(account);
    };
  // Identity Center is called in the account whose instance it is (management account or delegated administrator):
  // Rekey's own, or another through Rekey's Identity Center role there.
  const holder = [sandbox, ...members].find((a) => a.identityCenter);
  const outOfReach = holder && identityCenterUnreachable?.(holder.id);
  const identityCenter = outOfReach ? refusedIdentityCenter(outOfReach) : holder?.identityCenterPort();
  const rootAccess = sandbox.rootAccessPort();
  return {
    identityFor: here((a) => a.identity(caller)),
    secretsFor: (accountId) => here((a) => a.secretsPort())(accountId),
    rotationLogsFor: (accountId) => here((a) => a.rotationLogsPort())(accountId),
    networkFor: (accountId, region) => here((a) => a.networkPort(region, caller))(accountId),
    auditTrailFor: (accountId, region) => here((a) => a.auditTrailPort(region, caller))(accountId),
    ...(identityCenter ? { identityCenter } : {}),
    ...(sandbox.organizations ? { organizations: sandbox.organizations } : {}),
    ...(rootAccess ? { rootAccess } : {}),
  };
}
