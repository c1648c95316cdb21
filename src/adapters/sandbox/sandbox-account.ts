import type { Clock } from '../../domain/clock.js';
import { auditEventOf } from '../../domain/cloudtrail-record.js';
import {
  AccessDeniedError,
  ConflictError,
  NotFoundError,
  PolicyQuotaExceededError,
  ThrottlingError,
  UnmodifiableEntityError,
} from '../../domain/errors.js';
import {
  type PolicyDocument,
  PolicyDocumentSchema,
  policySize,
  type TrustPolicy,
  TrustPolicySchema,
} from '../../domain/policy-document.js';
import { evaluatePolicies } from '../../domain/policy-evaluator.js';
import { IDENTITY_CENTER_ROLE } from '../../domain/protection.js';
import type { AuditEvent, AuditTrail } from '../../ports/audit-trail.js';
import type { IamPrincipalRef, Identity } from '../../ports/identity.js';
import type { IdentityCenter } from '../../ports/identity-center.js';
import type { Network } from '../../ports/network.js';
import type { RootAccess, RootCredentials } from '../../ports/root-access.js';
import type { RotationLogs } from '../../ports/rotation-logs.js';
import { type AccountSeed, type AccountSeedInput, AccountSeedSchema } from './account-seed.js';
import { AWS_MANAGED_POLICIES } from './aws-managed-policies.js';
import { callRecord, issuanceRecord } from './sandbox-cloudtrail.js';
import { SandboxIdentity } from './sandbox-identity.js';
import { sandboxIdentityCenter } from './sandbox-identity-center.js';
import {
  IAM_QUOTAS,
  type SandboxAccessKey,
  type SandboxApiCall,
  type SandboxHost,
  type SandboxPrincipal,
  type SandboxSession,
} from './sandbox-model.js';
import { instanceProfileArn, sandboxNetwork } from './sandbox-network.js';
import { SandboxOrganizations } from './sandbox-organizations.js';
import { SandboxRootAccess } from './sandbox-root-access.js';
import {
  type SandboxSecret,
  SandboxSecrets,
  sandboxRotationLogs,
  secretFromSeed,
  secretToSeed,
} from './sandbox-secrets.js';

export * from './sandbox-model.js';

/** The role Rekey acts as in an account, with its identity policies. */
export interface ActingRole {
  arn: string;
  policies: Array<{ name: string; document: PolicyDocument }>;
}

/**
 * IAM will not let anyone but AWS change the roles AWS manages: those under `/aws-reserved/`, where Identity Center
 * creates every `AWSReservedSSO_*` role (a drill that forgets the path still meets the refusal).
 */
function refuseReserved(principal: SandboxPrincipal): void {
  const reserved = principal.path.startsWith('/aws-reserved/') || IDENTITY_CENTER_ROLE.test(principal.name);
  if (principal.kind === 'role' && reserved) {
    throw new UnmodifiableEntityError(
      `Cannot perform the operation on the protected role '${principal.name}' - this role is only modifiable by AWS`,
    );
  }
}

/** A role's default trust: the account itself, so its IAM policies decide who may assume the role. */
function trustingAccount(accountId: string): TrustPolicy {
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' },
    ],
  };
}

function principalId(prefix: string, name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `${prefix}${hash.toString(36).toUpperCase().padStart(17, 'X')}`.slice(0, 21);
}

/** The IAM calls that change the account (the ones a throttling fault hits). */
const IAM_CHANGES =
  /^(UpdateAccessKey|UpdateAssumeRolePolicy|Put(User|Role)Policy|Delete(User|Role)Policy|(Attach|Detach)(User|Role)Policy|CreatePolicy|DeletePolicy|DeleteLoginProfile|CreateLoginProfile)$/;

/** Attempts the AWS SDK's standard retry mode makes of a throttled call. */
const SDK_ATTEMPTS = 3;

/** The simulated AWS account of a drill: IAM state in memory, with the quotas and errors IAM has. */
export class SandboxAccount implements SandboxHost {
  readonly id: string;
  readonly region: string;
  readonly users = new Map<string, SandboxPrincipal>();
  readonly roles = new Map<string, SandboxPrincipal>();
  readonly customerPolicies = new Map<string, PolicyDocument>();
  readonly apiCalls: SandboxApiCall[] = [];
  readonly secrets = new Map<string, SandboxSecret>();
  readonly network: AccountSeed['network'];
  readonly monitoring: AccountSeed['monitoring'];
  readonly auditEvents: AuditEvent[] = [];
  readonly cloudTrailDelaySeconds: number;
  readonly identityCenter: AccountSeed['identityCenter'];
  /** Principals of other accounts whose keys the drill's calls may use. */
  readonly outsiders: AccountSeed['outsiders'];
  /** The organisation, when the drill puts the account in one (SCPs, the management account). */
  readonly organizations?: SandboxOrganizations;
  /** Every root user's credentials (this account's among them), behind centralised root access. */
  private readonly roots: SandboxRootAccess;
  private readonly rootKeysCreatedAt = new Map<string, string>();
  private readonly faults: AccountSeed['faults'];
  private iamChanges = 0;
  private iamRequests = 0;

  constructor(
    seed: AccountSeedInput | AccountSeed,
    private readonly clock: Clock,
    /** The role Rekey acts as here, with its policies: calls AWS authorises beyond the call itself are checked. */
    private readonly actingAs?: ActingRole,
  ) {
    const account = AccountSeedSchema.parse(seed);
    this.id = account.id;
    this.region = account.region;
    this.network = account.network;
    this.monitoring = account.monitoring;
    this.cloudTrailDelaySeconds = account.cloudTrailDelaySeconds;
    this.faults = account.faults;
    this.identityCenter = account.identityCenter;
    this.outsiders = account.outsiders;
    if (account.organization)
      this.organizations = new SandboxOrganizations(
        account.organization.managementAccountId,
        account.organization.policies,
      );
    for (const k of account.root?.accessKeys ?? []) this.rootKeysCreatedAt.set(k.id, k.createdAt);
    this.roots = new SandboxRootAccess(
      account.organization?.managementAccountId ?? '',
      account.root
        ? {
            [account.id]: {
              loginProfile: account.root.loginProfile,
              accessKeyIds: account.root.accessKeys.map((k) => k.id),
              mfaSerialNumbers: [...account.root.mfaSerialNumbers],
              signingCertificateIds: [...account.root.signingCertificateIds],
            },
          }
        : {},
      this.organizations,
    );
    account.cloudTrail.forEach((e, i) => {
      this.auditEvents.push({
        ...e,
        eventId: e.eventId ?? `seed-${i + 1}`,
        region: e.region ?? account.region,
      });
    });
    for (const secret of account.secrets)
      this.secrets.set(secret.name, secretFromSeed(secret, account.id, account.region));
    for (const policy of account.policies)
      this.customerPolicies.set(this.policyArn(policy.name, policy.path), policy.document);
    for (const user of account.users) {
      this.users.set(user.name, {
        kind: 'user',
        name: user.name,
        path: user.path,
        arn: `arn:aws:iam::${account.id}:user${user.path}${user.name}`,
        id: principalId('AIDA', user.name),
        tags: user.tags,
        managedPolicies: user.managedPolicies,
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
      });
    }
    for (const role of account.roles) {
      this.roles.set(role.name, {
        kind: 'role',
        name: role.name,
        path: role.path,
        arn: `arn:aws:iam::${account.id}:role${role.path}${role.name}`,
        id: principalId('AROA', role.name),
        tags: role.tags,
        managedPolicies: role.managedPolicies,
        inlinePolicies: new Map(Object.entries(role.inlinePolicies)),
        accessKeys: [],
        sessions: role.sessions.map((s) => ({ ...s })),
        trustPolicy: role.trustPolicy ?? trustingAccount(account.id),
      });
    }
    this.recordSessionIssuance();
  }

  /**
   * CloudTrail recorded the call that issued each seeded session with a known issuer (GetSessionToken or
   * GetFederationToken for a user's, AssumeRole for a role's), unless the seed holds that record already:
   * investigations follow keys through them.
   */
  private recordSessionIssuance(): void {
    for (const principal of [...this.users.values(), ...this.roles.values()]) {
      for (const session of principal.sessions) {
        if (!session.issuedBy || this.auditEvents.some((e) => e.issuedAccessKeyId === session.id)) continue;
        this.auditEvents.push(
          auditEventOf(issuanceRecord(this, principal, session, this.region), this.region),
        );
      }
    }
  }

  /** The ARN of a customer managed policy of this account. */
  policyArn(name: string, path = '/'): string {
    return `arn:aws:iam::${this.id}:policy${path}${name}`;
  }

  /** The document behind a managed policy ARN (AWS managed or customer managed). */
  managedPolicy(arn: string): PolicyDocument | undefined {
    return AWS_MANAGED_POLICIES[arn] ?? this.customerPolicies.get(arn);
  }

  /** The user that owns a long-term key, with the key. */
  findAccessKey(accessKeyId: string): { user: SandboxPrincipal; key: SandboxAccessKey } | undefined {
    for (const user of this.users.values()) {
      const key = user.accessKeys.find((k) => k.id === accessKeyId);
      if (key) return { user, key };
    }
    return undefined;
  }

  /** The principal of another account a key belongs to, if the drill gives it one. */
  findOutsider(accessKeyId: string): { arn: string; accountId: string } | undefined {
    const outsider = this.outsiders.find((o) => o.accessKeyIds.includes(accessKeyId));
    return outsider && { arn: outsider.arn, accountId: outsider.arn.split(':')[4] ?? '' };
  }

  /** The principal holding a session, with the session. */
  findSession(sessionKeyId: string): { principal: SandboxPrincipal; session: SandboxSession } | undefined {
    for (const principal of [...this.users.values(), ...this.roles.values()]) {
      const session = principal.sessions.find((s) => s.id === sessionKeyId);
      if (session) return { principal, session };
    }
    return undefined;
  }

  /** The Identity port over this account; every call is recorded in `apiCalls`. */
  identity(): Identity {
    return new SandboxIdentity(this, this.clock);
  }

  /** The Secrets port over this account's secrets; every call is recorded in `apiCalls`. */
  secretsPort(): SandboxSecrets {
    return new SandboxSecrets(this);
  }

  /**
   * Refuses, as AWS does, a call Rekey's role may not make, when the account knows that role's policies (a drill
   * gives it the member role as its template grants it); without them every call is allowed.
   */
  authorize(action: string, resource: string): void {
    const role = this.actingAs;
    if (!role) return;
    const decision = evaluatePolicies(role.policies, {
      action,
      resource,
      context: { 'aws:PrincipalArn': role.arn, 'aws:PrincipalAccount': this.id },
    });
    if (decision.effect === 'allow') return;
    const who = `arn:aws:sts::${this.id}:assumed-role/${role.arn.split('/').pop()}/rekey`;
    throw new AccessDeniedError(
      decision.effect === 'explicit-deny'
        ? `User: ${who} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in an identity-based policy`
        : `User: ${who} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
    );
  }

  /** What rotation functions logged about this account's secrets (CloudWatch Logs), as Rekey's role reads it. */
  rotationLogsPort(): RotationLogs {
    return sandboxRotationLogs(this);
  }

  /** The Network port over this account's instances and NAT gateways, in a region (by default the home region). */
  networkPort(region?: string): Network {
    return sandboxNetwork(this, region || this.region);
  }

  /** The instance profiles holding a role: one, named after it, when an instance of the drill holds the role. */
  instanceProfileArns(roleName: string): string[] {
    return this.network.instances.some((i) => i.role === roleName)
      ? [instanceProfileArn(this.id, roleName)]
      : [];
  }

  /** The AuditTrail port over this account's event history (seeded, plus every replayed call), in one region or all. */
  auditTrailPort(region?: string): AuditTrail {
    const inRegion = (e: { region?: string }) => !region || (e.region ?? this.region) === region;
    // As LookupEvents: the newest `limit` matches, said to be truncated when more matched.
    const lookup = (match: (e: AuditEvent) => boolean, from: Date, to: Date, limit: number) => {
      // CloudTrail shows an event only some time after it happened.
      const shown = this.clock.now().getTime() - this.cloudTrailDelaySeconds * 1000;
      const found = this.auditEvents
        .filter((e) => inRegion(e) && match(e))
        .filter((e) => Date.parse(e.eventTime) >= from.getTime() && Date.parse(e.eventTime) <= to.getTime())
        .filter((e) => Date.parse(e.eventTime) <= shown)
        .sort((a, b) => b.eventTime.localeCompare(a.eventTime));
      return {
        events: found.slice(0, limit).reverse(),
        truncated: found.length > limit,
      };
    };
    return {
      eventsByAccessKey: async (accessKeyId, from, to, limit) => {
        this.record('LookupEvents', accessKeyId);
        return lookup((e) => e.accessKeyId === accessKeyId, from, to, limit);
      },
      eventsByName: async (eventName, from, to, limit) => {
        this.record('LookupEvents', eventName);
        return lookup((e) => e.eventName === eventName, from, to, limit);
      },
      eventsByResource: async (resourceName, from, to, limit) => {
        this.record('LookupEvents', resourceName);
        return lookup(
          (e) => e.assumedRoleArn === resourceName || e.createdPolicyArn === resourceName,
          from,
          to,
          limit,
        );
      },
    };
  }

  /** Records a replayed call in the event history, as CloudTrail would (denied calls with their error code). */
  recordCall(
    call: Parameters<typeof callRecord>[1] & { resource?: string },
    code: string,
    at: Date,
  ): AuditEvent {
    const [service = '', eventName = ''] = call.action.split(':');
    // A secret read's record names what it asked for (a BatchGetSecretValue without one read by filter).
    const named = call.resource && service === 'secretsmanager';
    const requestParameters = {
      ...(named && eventName === 'GetSecretValue' ? { secretId: call.resource } : {}),
      ...(named && eventName === 'BatchGetSecretValue' ? { secretIdList: [call.resource] } : {}),
      ...call.requestParameters,
    };
    const event = auditEventOf(
      callRecord(
        this,
        { ...call, requestParameters },
        code,
        at,
        this.region,
        `call-${this.auditEvents.length + 1}`,
      ),
      this.region,
    );
    this.auditEvents.push(event);
    return event;
  }

  /** The Identity Center port, when the drill's account has Identity Center. */
  identityCenterPort(): IdentityCenter | undefined {
    return this.identityCenter && sandboxIdentityCenter(this.identityCenter, this);
  }

  /**
   * Records an IAM call: under the `throttleIamRequestsEvery` fault every n-th request is throttled, and the call
   * is attempted again as the SDK's standard retry mode does (three attempts in all).
   */
  recordIam(operation: string, target: string): void {
    const every = this.faults.throttleIamRequestsEvery;
    if (every) {
      for (let attempt = 1; ; attempt += 1) {
        this.iamRequests += 1;
        if (this.iamRequests % every !== 0) break;
        this.apiCalls.push({
          at: this.clock.now().toISOString(),
          operation: `${operation} (throttled)`,
          target,
        });
        if (attempt === SDK_ATTEMPTS)
          throw new ThrottlingError(
            `Rate exceeded: ${operation} was throttled ${attempt} times (the drill's fault)`,
          );
      }
    }
    this.record(operation, target);
  }

  /** Records an API call (the drill prints them and tests assert their order). */
  record(operation: string, target: string): void {
    const every = this.faults.throttleIamChangesEvery;
    if (every && IAM_CHANGES.test(operation)) {
      this.iamChanges += 1;
      if (this.iamChanges % every === 0) {
        this.apiCalls.push({
          at: this.clock.now().toISOString(),
          operation: `${operation} (throttled)`,
          target,
        });
        throw new ThrottlingError(`Rate exceeded: ${operation} was throttled (the drill's fault)`);
      }
    }
    this.apiCalls.push({ at: this.clock.now().toISOString(), operation, target });
  }

  /** The user or role, or NotFoundError as IAM's NoSuchEntity. */
  require(ref: IamPrincipalRef): SandboxPrincipal {
    const found = (ref.kind === 'user' ? this.users : this.roles).get(ref.name);
    if (!found) throw new NotFoundError(`The ${ref.kind} with name ${ref.name} cannot be found.`);
    return found;
  }

  /** The user, or NotFoundError as IAM's NoSuchEntity. */
  requireUser(userName: string): SandboxPrincipal {
    return this.require({ kind: 'user', name: userName });
  }

  /** Puts an inline policy, enforcing IAM's per-principal size quota (LimitExceeded as PolicyQuotaExceededError). */
  putInlinePolicy(principal: SandboxPrincipal, policyName: string, document: PolicyDocument): void {
    refuseReserved(principal);
    const parsed = PolicyDocumentSchema.parse(document);
    const quota = IAM_QUOTAS.inline[principal.kind];
    const others = [...principal.inlinePolicies].filter(([name]) => name !== policyName);
    const total = others.reduce((sum, [, doc]) => sum + policySize(doc), policySize(parsed));
    if (total > quota) {
      throw new PolicyQuotaExceededError(
        `Maximum policy size of ${quota} bytes exceeded for ${principal.kind} ${principal.name} (would be ${total}).`,
      );
    }
    principal.inlinePolicies.set(policyName, parsed);
  }

  /** Replaces a role's trust policy, as iam:UpdateAssumeRolePolicy does (AWS's own roles refuse it). */
  setTrustPolicy(role: SandboxPrincipal, document: TrustPolicy): void {
    refuseReserved(role);
    role.trustPolicy = TrustPolicySchema.parse(document);
  }

  /** Attaches a managed policy, as IAM does: idempotent, NoSuchEntity for an unknown policy, LimitExceeded past the quota. */
  attach(principal: SandboxPrincipal, policyArn: string): void {
    refuseReserved(principal);
    if (!this.managedPolicy(policyArn))
      throw new NotFoundError(`Policy ${policyArn} does not exist or is not attachable.`);
    if (principal.managedPolicies.includes(policyArn)) return;
    if (principal.managedPolicies.length >= IAM_QUOTAS.attachedManagedPolicies) {
      throw new PolicyQuotaExceededError(
        `Cannot exceed quota for PoliciesPerUser/Role: ${IAM_QUOTAS.attachedManagedPolicies} (${principal.kind} ${principal.name}).`,
      );
    }
    principal.managedPolicies.push(policyArn);
  }

  /** Creates a customer managed policy; EntityAlreadyExists and the 6,144-character size quota as IAM has them. */
  createPolicy(name: string, path: string, document: PolicyDocument): string {
    const arn = this.policyArn(name, path);
    if (this.customerPolicies.has(arn)) throw new ConflictError(`A policy called ${name} already exists.`);
    const parsed = PolicyDocumentSchema.parse(document);
    if (policySize(parsed) > IAM_QUOTAS.managedPolicySize) {
      throw new PolicyQuotaExceededError(
        `Cannot exceed quota for PolicySize: ${IAM_QUOTAS.managedPolicySize}`,
      );
    }
    this.customerPolicies.set(arn, parsed);
    return arn;
  }

  /** Deletes a customer managed policy; DeleteConflict while it is attached. */
  deletePolicy(arn: string): void {
    if (!this.customerPolicies.has(arn)) throw new NotFoundError(`Policy ${arn} was not found.`);
    const attached = [...this.users.values(), ...this.roles.values()].some((p) =>
      p.managedPolicies.includes(arn),
    );
    if (attached) throw new ConflictError('Cannot delete a policy attached to entities.');
    this.customerPolicies.delete(arn);
  }

  /** Creates a user at run time (as iam:CreateUser does), for contract tests and persistence sweeps. */
  createUser(name: string, tags: Record<string, string> = {}): SandboxPrincipal {
    if (this.users.has(name)) throw new ConflictError(`User with name ${name} already exists.`);
    const user: SandboxPrincipal = {
      kind: 'user',
      name,
      path: '/',
      arn: `arn:aws:iam::${this.id}:user/${name}`,
      id: principalId('AIDA', name),
      tags,
      managedPolicies: [],
      inlinePolicies: new Map(),
      accessKeys: [],
      sessions: [],
    };
    this.users.set(name, user);
    return user;
  }

  /** Creates a role at run time (as iam:CreateRole does). */
  createRole(
    name: string,
    tags: Record<string, string> = {},
    trustPolicy: TrustPolicy = trustingAccount(this.id),
  ): SandboxPrincipal {
    if (this.roles.has(name)) throw new ConflictError(`Role with name ${name} already exists.`);
    const role: SandboxPrincipal = {
      kind: 'role',
      name,
      path: '/',
      arn: `arn:aws:iam::${this.id}:role/${name}`,
      id: principalId('AROA', name),
      tags,
      managedPolicies: [],
      inlinePolicies: new Map(),
      accessKeys: [],
      sessions: [],
      trustPolicy: TrustPolicySchema.parse(trustPolicy),
    };
    this.roles.set(name, role);
    return role;
  }

  /** Creates an active access key for a user (as iam:CreateAccessKey does, with the id given) and returns its id. */
  createAccessKey(userName: string, given?: string): string {
    const user = this.requireUser(userName);
    if (given && this.findAccessKey(given)) throw new ConflictError(`the access key ${given} already exists`);
    const id =
      given ??
      `AKIA${principalId('', `${userName}:${user.accessKeys.length}`)
        .replace(/[^A-Z0-9]/g, 'X')
        .slice(0, 16)
        .padEnd(16, 'X')}`;
    user.accessKeys.push({ id, status: 'Active', createdAt: this.now() });
    return id;
  }

  /** The account as a seed, to persist a drill's end state and load it again (for a later rollback). */
  toSeed(): AccountSeed {
    const inline = (p: SandboxPrincipal) => Object.fromEntries(p.inlinePolicies);
    return {
      id: this.id,
      region: this.region,
      users: [...this.users.values()].map((u) => ({
        name: u.name,
        path: u.path,
        tags: u.tags,
        managedPolicies: [...u.managedPolicies],
        inlinePolicies: inline(u),
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
      })),
      roles: [...this.roles.values()].map((r) => ({
        name: r.name,
        path: r.path,
        tags: r.tags,
        managedPolicies: [...r.managedPolicies],
        inlinePolicies: inline(r),
        sessions: r.sessions.map((x) => ({ ...x, sessionName: x.sessionName ?? 'session' })),
        ...(r.trustPolicy ? { trustPolicy: r.trustPolicy } : {}),
      })),
      secrets: [...this.secrets.values()].map(secretToSeed),
      network: this.network,
      monitoring: this.monitoring,
      cloudTrail: this.auditEvents.map((e) => ({ ...e })),
      cloudTrailDelaySeconds: this.cloudTrailDelaySeconds,
      faults: this.faults,
      ...(this.identityCenter ? { identityCenter: this.identityCenter } : {}),
      ...(this.organizations ? { organization: this.organizations.toSeed() } : {}),
      ...this.rootSeed(),
      outsiders: this.outsiders,
      policies: [...this.customerPolicies].map(([arn, document]) => {
        const [, path = '/', name = ''] = arn.match(/:policy(\/(?:.*\/)?)([^/]+)$/) ?? [];
        return { name, path, document };
      }),
    };
  }

  private rootSeed(): Pick<AccountSeed, 'root'> {
    const root = this.rootCredentials();
    if (!root) return {};
    return {
      root: {
        loginProfile: root.loginProfile,
        accessKeys: root.accessKeyIds.map((id) => ({
          id,
          createdAt: this.rootKeysCreatedAt.get(id) ?? '2025-01-01T00:00:00.000Z',
        })),
        mfaSerialNumbers: [...root.mfaSerialNumbers],
        signingCertificateIds: [...root.signingCertificateIds],
      },
    };
  }

  /** Whether an access key ever belonged to this account's root (a deleted one fails as an invalid token). */
  isRootKey(accessKeyId: string): boolean {
    return this.rootKeysCreatedAt.has(accessKeyId);
  }

  /** The SCPs that bind this account's principals (none outside an organisation or in its management account). */
  serviceControlPolicies(): { name: string; document: PolicyDocument }[] {
    return this.organizations?.bindingPolicies(this.id) ?? [];
  }

  /** This account's root credentials, if the drill gives its root any. */
  rootCredentials(): RootCredentials | undefined {
    return this.roots.roots.get(this.id);
  }

  /** Centralised root access, only when the account is in an organisation (it is run from the management account). */
  rootAccessPort(): RootAccess | undefined {
    return this.organizations ? this.roots : undefined;
  }

  /** The current time on the account's clock, as IAM stamps it. */
  now(): string {
    return this.clock.now().toISOString();
  }
}
