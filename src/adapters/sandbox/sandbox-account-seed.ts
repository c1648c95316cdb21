import type { PolicyDocument } from '../../domain/policy-document.js';
import type { AuditEvent } from '../../ports/audit-trail.js';
import type { RootCredentials } from '../../ports/root-access.js';
import type { AccountSeed } from './account-seed.js';
import { awsManagedPolicy, isAwsManagedPolicyArn } from './aws-managed-policies.js';
import type { SandboxPrincipal } from './sandbox-model.js';
import { type OrganizationStructure, SandboxOrganizations } from './sandbox-organizations.js';
import { roleFromSeed, roleToSeed, userFromSeed, userToSeed } from './sandbox-principals.js';
import { SandboxRootAccess } from './sandbox-root-access.js';
import { type SandboxSecret, secretFromSeed, secretToSeed } from './sandbox-secrets.js';

/** The state of an account a seed is made from. */
export interface SeededState {
  readonly id: string;
  readonly region: string;
  readonly users: Map<string, SandboxPrincipal>;
  readonly roles: Map<string, SandboxPrincipal>;
  readonly secrets: Map<string, SandboxSecret>;
  readonly customerPolicies: Map<string, PolicyDocument>;
  readonly auditEvents: AuditEvent[];
  readonly network: AccountSeed['network'];
  readonly monitoring: AccountSeed['monitoring'];
  readonly cloudTrailDelaySeconds: number;
  readonly faults: AccountSeed['faults'];
  readonly identityCenter: AccountSeed['identityCenter'];
  readonly organizations?: SandboxOrganizations;
  readonly outsiders: AccountSeed['outsiders'];
  readonly rootKeysCreatedAt: Map<string, string>;
  rootCredentials(): RootCredentials | undefined;
}

/**
 * Fills a new account's root keys, secrets, policies, users and roles from its seed. An AWS managed policy a seed
 * names must be one AWS has: a drill never runs on a policy that does not exist.
 */
export function fillFromSeed(
  target: SeededState & { policyArn(name: string, path?: string): string },
  account: AccountSeed,
): void {
  for (const k of account.root?.accessKeys ?? []) target.rootKeysCreatedAt.set(k.id, k.createdAt);
  for (const secret of account.secrets)
    target.secrets.set(secret.name, secretFromSeed(secret, account.id, account.region));
  for (const policy of account.policies)
    target.customerPolicies.set(target.policyArn(policy.name, policy.path), policy.document);
  for (const user of account.users) target.users.set(user.name, userFromSeed(account.id, user));
  for (const role of account.roles) target.roles.set(role.name, roleFromSeed(account.id, role));
  for (const p of [...target.users.values(), ...target.roles.values()])
    for (const arn of p.managedPolicies.filter(isAwsManagedPolicyArn)) awsManagedPolicy(arn);
}

/** The organisation a seed puts the account in: its management account and its SCPs. */
export function organizationsFromSeed(organization: OrganizationStructure): SandboxOrganizations {
  return new SandboxOrganizations(organization);
}

/** An organisation several simulated accounts share: its SCPs, and every member's root behind centralised root access. */
export interface SharedOrganisation {
  organizations: SandboxOrganizations;
  roots: SandboxRootAccess;
}

/** An organisation the drill's accounts join, from its management account and SCPs. */
export function sharedOrganisation(organization: OrganizationStructure): SharedOrganisation {
  const organizations = organizationsFromSeed(organization);
  return {
    organizations,
    roots: new SandboxRootAccess(organization.managementAccountId, {}, organizations),
  };
}

/** The organisation an account is in (the shared one it joins, else its seed's own, if any) and its root access. */
export function organisationOf(
  seed: AccountSeed,
  shared?: SharedOrganisation,
): { organizations?: SandboxOrganizations; roots: SandboxRootAccess } {
  const organizations =
    shared?.organizations ?? (seed.organization && organizationsFromSeed(seed.organization));
  return {
    ...(organizations ? { organizations } : {}),
    roots: rootAccessFromSeed(seed, organizations, shared?.roots),
  };
}

/**
 * The root users' credentials a seed gives (this account's), behind the organisation's centralised root access: the
 * organisation's shared one when the account joins one, else its own.
 */
export function rootAccessFromSeed(
  seed: AccountSeed,
  organizations?: SandboxOrganizations,
  shared?: SandboxRootAccess,
): SandboxRootAccess {
  const root = seed.root;
  const credentials = root
    ? {
        [seed.id]: {
          loginProfile: root.loginProfile,
          accessKeyIds: root.accessKeys.map((k) => k.id),
          mfaSerialNumbers: [...root.mfaSerialNumbers],
          signingCertificateIds: [...root.signingCertificateIds],
        },
      }
    : {};
  if (shared) {
    shared.add(credentials);
    return shared;
  }
  return new SandboxRootAccess(seed.organization?.managementAccountId ?? '', credentials, organizations);
}

function rootSeed(account: SeededState): Pick<AccountSeed, 'root'> {
  const root = account.rootCredentials();
  if (!root) return {};
  return {
    root: {
      loginProfile: root.loginProfile,
      accessKeys: root.accessKeyIds.map((id) => ({
        id,
        createdAt: account.rootKeysCreatedAt.get(id) ?? '2025-01-01T00:00:00.000Z',
      })),
      mfaSerialNumbers: [...root.mfaSerialNumbers],
      signingCertificateIds: [...root.signingCertificateIds],
    },
  };
}

/** The account as a seed, to persist a drill's end state and load it again (for a later rollback). */
export function accountToSeed(account: SeededState): AccountSeed {
  return {
    id: account.id,
    region: account.region,
    users: [...account.users.values()].map(userToSeed),
    roles: [...account.roles.values()].map(roleToSeed),
    secrets: [...account.secrets.values()].map(secretToSeed),
    network: account.network,
    monitoring: account.monitoring,
    cloudTrail: account.auditEvents.map((e) => ({ ...e })),
    cloudTrailDelaySeconds: account.cloudTrailDelaySeconds,
    faults: account.faults,
    ...(account.identityCenter ? { identityCenter: account.identityCenter } : {}),
    ...(account.organizations ? { organization: account.organizations.toSeed() } : {}),
    ...rootSeed(account),
    outsiders: account.outsiders,
    policies: [...account.customerPolicies].map(([arn, document]) => {
      const [, path = '/', name = ''] = arn.match(/:policy(\/(?:.*\/)?)([^/]+)$/) ?? [];
      return { name, path, document };
    }),
  };
}
