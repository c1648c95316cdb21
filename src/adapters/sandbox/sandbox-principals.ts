import { UnmodifiableEntityError } from '../../domain/errors.js';
import { type TrustPolicy, TrustPolicySchema } from '../../domain/policy-document.js';
import type { AccountSeed } from './account-seed.js';
import type { SandboxPrincipal } from './sandbox-model.js';

type UserSeed = AccountSeed['users'][number];
type RoleSeed = AccountSeed['roles'][number];

/** A stable stand-in for the unique id IAM gives a principal (`AIDA…` for a user, `AROA…` for a role). */
export function principalId(prefix: string, name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `${prefix}${hash.toString(36).toUpperCase().padStart(17, 'X')}`.slice(0, 21);
}

/** A stable id for a user's n-th access key made at run time (`AKIA` and 16 upper-case letters or digits). */
export function accessKeyIdFor(userName: string, n: number): string {
  const body = principalId('', `${userName}:${n}`).replace(/[^A-Z0-9]/g, 'X');
  return `AKIA${body.slice(0, 16).padEnd(16, 'X')}`;
}

/** A role's default trust: the account itself, so its IAM policies decide who may assume the role. */
export function trustingAccount(accountId: string): TrustPolicy {
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' },
    ],
  };
}

/**
 * IAM will not let anyone but AWS change the roles AWS manages: those under `/aws-reserved/`, where Identity Center
 * creates every `AWSReservedSSO_*` role. The path decides, not the name: anyone may name a role of theirs so.
 */
export function refuseReserved(principal: SandboxPrincipal): void {
  if (principal.kind === 'role' && principal.path.startsWith('/aws-reserved/')) {
    throw new UnmodifiableEntityError(
      `Cannot perform the operation on the protected role '${principal.name}' - this role is only modifiable by AWS`,
    );
  }
}

/** A user or role as IAM creates it: no policies, keys or sessions yet (a role trusting its account by default). */
export function newPrincipal(
  accountId: string,
  kind: 'user' | 'role',
  name: string,
  options: { path?: string; tags?: Record<string, string>; trustPolicy?: TrustPolicy } = {},
): SandboxPrincipal {
  const path = options.path ?? '/';
  return {
    kind,
    name,
    path,
    arn: `arn:aws:iam::${accountId}:${kind}${path}${name}`,
    id: principalId(kind === 'user' ? 'AIDA' : 'AROA', name),
    tags: options.tags ?? {},
    managedPolicies: [],
    inlinePolicies: new Map(),
    accessKeys: [],
    sessions: [],
    ...(kind === 'role'
      ? { trustPolicy: TrustPolicySchema.parse(options.trustPolicy ?? trustingAccount(accountId)) }
      : {}),
  };
}

/** A seeded user, with its policies, keys, sessions and console password. */
export function userFromSeed(accountId: string, user: UserSeed): SandboxPrincipal {
  return {
    ...newPrincipal(accountId, 'user', user.name, { path: user.path, tags: user.tags }),
    managedPolicies: user.managedPolicies,
    ...(user.permissionsBoundary ? { permissionsBoundary: user.permissionsBoundary } : {}),
    inlinePolicies: new Map(Object.entries(user.inlinePolicies)),
    accessKeys: user.accessKeys.map((k) => ({ ...k })),
    sessions: user.sessions.map(({ mfaAuthenticated, ...s }) => ({
      ...s,
      ...(mfaAuthenticated ? { mfaAuthenticated } : {}),
    })),
    ...(user.loginProfile
      ? {
          loginProfile: {
            createdAt: user.loginProfile.createdAt ?? '2025-01-01T00:00:00.000Z',
            passwordResetRequired: user.loginProfile.passwordResetRequired,
          },
        }
      : {}),
  };
}

/** A seeded role, with its policies, sessions and trust policy. */
export function roleFromSeed(accountId: string, role: RoleSeed): SandboxPrincipal {
  return {
    ...newPrincipal(accountId, 'role', role.name, { path: role.path, tags: role.tags }),
    managedPolicies: role.managedPolicies,
    ...(role.permissionsBoundary ? { permissionsBoundary: role.permissionsBoundary } : {}),
    inlinePolicies: new Map(Object.entries(role.inlinePolicies)),
    sessions: role.sessions.map((s) => ({ ...s })),
    trustPolicy: role.trustPolicy ?? trustingAccount(accountId),
  };
}

/** A user as a seed, to persist the account's state. */
export function userToSeed(u: SandboxPrincipal): UserSeed {
  return {
    name: u.name,
    path: u.path,
    tags: u.tags,
    managedPolicies: [...u.managedPolicies],
    ...(u.permissionsBoundary ? { permissionsBoundary: u.permissionsBoundary } : {}),
    inlinePolicies: Object.fromEntries(u.inlinePolicies),
    accessKeys: u.accessKeys.map((k) => ({ ...k })),
    sessions: u.sessions.map((x) => ({ ...x, mfaAuthenticated: x.mfaAuthenticated === true })),
    ...(u.loginProfile
      ? {
          loginProfile: {
            passwordResetRequired: u.loginProfile.passwordResetRequired,
            createdAt: u.loginProfile.createdAt,
          },
        }
      : {}),
  };
}

/** A role as a seed, to persist the account's state. */
export function roleToSeed(r: SandboxPrincipal): RoleSeed {
  return {
    name: r.name,
    path: r.path,
    tags: r.tags,
    managedPolicies: [...r.managedPolicies],
    ...(r.permissionsBoundary ? { permissionsBoundary: r.permissionsBoundary } : {}),
    inlinePolicies: Object.fromEntries(r.inlinePolicies),
    sessions: r.sessions.map((x) => ({ ...x, sessionName: x.sessionName ?? 'session' })),
    ...(r.trustPolicy ? { trustPolicy: r.trustPolicy } : {}),
  };
}
