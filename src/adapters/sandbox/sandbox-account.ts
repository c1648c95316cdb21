import type { Clock } from '../../domain/clock.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type { PolicyDocument, TrustPolicy } from '../../domain/policy-document.js';
import type { AuditEvent, AuditTrail } from '../../ports/audit-trail.js';
import type { IamPrincipalRef, Identity } from '../../ports/identity.js';
import type { IdentityCenter } from '../../ports/identity-center.js';
import type { Network } from '../../ports/network.js';
import type { RootCredentials } from '../../ports/root-access.js';
import type { RotationLogs } from '../../ports/rotation-logs.js';
import { type AccountSeed, type AccountSeedInput, AccountSeedSchema } from './account-seed.js';
import type { ActingRole } from './acting-role.js';
import { awsManagedPolicy, isAwsManagedPolicyArn } from './aws-managed-policies.js';
import { keyHolder, sessionHolder } from './credential-holders.js';
import { RekeyCalls } from './rekey-calls.js';
import {
  accountToSeed,
  fillFromSeed,
  organisationOf,
  type SharedOrganisation,
} from './sandbox-account-seed.js';
import { recordedCall, sandboxAuditTrail, seededTrail } from './sandbox-audit-trail.js';
import { SandboxCallLog } from './sandbox-call-log.js';
import type { callRecord } from './sandbox-cloudtrail.js';
import {
  attachPolicy,
  createPolicy,
  deletePolicy,
  putInlinePolicy,
  setTrustPolicy,
} from './sandbox-iam-policies.js';
import { SandboxIdentity } from './sandbox-identity.js';
import { sandboxIdentityCenter } from './sandbox-identity-center.js';
import type {
  RekeyCaller,
  SandboxAccessKey,
  SandboxApiCall,
  SandboxHost,
  SandboxPrincipal,
  SandboxSession,
  TrailedCall,
} from './sandbox-model.js';
import { instanceProfileArn, sandboxNetwork } from './sandbox-network.js';
import type { SandboxOrganizations } from './sandbox-organizations.js';
import { accessKeyIdFor, newPrincipal } from './sandbox-principals.js';
import type { SandboxRootAccess } from './sandbox-root-access.js';
import { sandboxRotationLogs } from './sandbox-rotation-logs.js';
import { type SandboxSecret, SandboxSecrets } from './sandbox-secrets.js';

export type { ActingRole } from './acting-role.js';
export * from './sandbox-model.js';

/** The simulated AWS account of a drill: IAM state in memory, with the quotas and errors IAM has. */
export class SandboxAccount implements SandboxHost {
  readonly id: string;
  readonly region: string;
  readonly users = new Map<string, SandboxPrincipal>();
  readonly roles = new Map<string, SandboxPrincipal>();
  readonly customerPolicies = new Map<string, PolicyDocument>();
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
  readonly rootKeysCreatedAt = new Map<string, string>();
  readonly faults: AccountSeed['faults'];
  private readonly callLog: SandboxCallLog;
  private readonly rekeyCalls: RekeyCalls;

  constructor(
    seed: AccountSeedInput | AccountSeed,
    private readonly clock: Clock,
    /** The role Rekey acts as here, with its policies: calls AWS authorises beyond the call itself are checked. */
    actingAs?: ActingRole,
    shared?: SharedOrganisation,
    /** The role triage reads through here (the member template's reader role); by default the acting role. */
    readingAs?: ActingRole,
  ) {
    const account = AccountSeedSchema.parse(seed);
    this.id = account.id;
    this.region = account.region;
    this.network = account.network;
    this.monitoring = account.monitoring;
    this.cloudTrailDelaySeconds = account.cloudTrailDelaySeconds;
    this.faults = account.faults;
    this.callLog = new SandboxCallLog(account.faults, clock);
    this.rekeyCalls = new RekeyCalls(this, this.callLog, clock, actingAs, readingAs);
    this.identityCenter = account.identityCenter;
    this.outsiders = account.outsiders;
    ({ organizations: this.organizations, roots: this.roots } = organisationOf(account, shared));
    this.organizations?.recordIn(this);
    this.roots.recordIn(this);
    fillFromSeed(this, account);
    this.auditEvents.push(...seededTrail(this, account.cloudTrail));
  }

  /** The ARN of a customer managed policy of this account. */
  policyArn(name: string, path = '/'): string {
    return `arn:aws:iam::${this.id}:policy${path}${name}`;
  }

  /** The document behind a managed policy ARN: AWS's own (an unknown one is NoSuchEntity), or the account's. */
  managedPolicy(arn: string): PolicyDocument | undefined {
    return isAwsManagedPolicyArn(arn) ? awsManagedPolicy(arn) : this.customerPolicies.get(arn);
  }

  /** The user that owns a long-term key, with the key. */
  findAccessKey(accessKeyId: string): { user: SandboxPrincipal; key: SandboxAccessKey } | undefined {
    return keyHolder(this.users.values(), accessKeyId);
  }

  /** The principal of another account a key belongs to, if the drill gives it one. */
  findOutsider(accessKeyId: string): { arn: string; accountId: string } | undefined {
    const outsider = this.outsiders.find((o) => o.accessKeyIds.includes(accessKeyId));
    return outsider && { arn: outsider.arn, accountId: outsider.arn.split(':')[4] ?? '' };
  }

  /** The principal holding a session, with the session. */
  findSession(sessionKeyId: string): { principal: SandboxPrincipal; session: SandboxSession } | undefined {
    return sessionHolder([...this.users.values(), ...this.roles.values()], sessionKeyId);
  }

  /** The Identity port over this account; every call is recorded in `apiCalls`. */
  identity(as: RekeyCaller = 'member'): Identity {
    return new SandboxIdentity(this, this.clock, as);
  }

  /** The Secrets port over this account's secrets; every call is recorded in `apiCalls`. */
  secretsPort(): SandboxSecrets {
    return new SandboxSecrets(this);
  }

  /** Refuses, as AWS does, a call Rekey's role may not make here, recording the refusal (see RekeyCalls). */
  authorize(...call: Parameters<RekeyCalls['authorize']>): void {
    this.rekeyCalls.authorize(...call);
  }

  /** Records a call of Rekey's that AWS refused, in the call log and, with the service's AccessDenied code, CloudTrail. */
  refused(operation: string, target: string, message: string, trail?: TrailedCall): void {
    this.rekeyCalls.refused(operation, target, message, trail);
  }

  /** What rotation functions logged about this account's secrets (CloudWatch Logs), as Rekey's role reads it. */
  rotationLogsPort(): RotationLogs {
    return sandboxRotationLogs(this);
  }

  /** The Network port over this account's instances and NAT gateways, in a region (by default the home region). */
  networkPort(region?: string, as?: RekeyCaller): Network {
    return sandboxNetwork(this, region || this.region, as);
  }

  /** The instance profiles holding a role: one, named after it, when an instance of the drill holds the role. */
  instanceProfileArns(roleName: string): string[] {
    const held = this.network.instances.some((i) => i.role === roleName);
    return held ? [instanceProfileArn(this.id, roleName)] : [];
  }

  /** The AuditTrail port over this account's event history (seeded, plus every replayed call), in one region or all. */
  auditTrailPort(region?: string, as?: RekeyCaller): AuditTrail {
    return sandboxAuditTrail(this, this.clock, region, as);
  }

  /** Records a replayed call in the event history, as CloudTrail would (denied calls with their error code). */
  recordCall(
    call: Parameters<typeof callRecord>[1] & { resource?: string },
    code: string,
    at: Date,
  ): AuditEvent {
    const event = recordedCall(this, call, code, at);
    this.auditEvents.push(event);
    return event;
  }

  /** The Identity Center port, when the drill's account has Identity Center. */
  identityCenterPort(): IdentityCenter | undefined {
    return this.identityCenter && sandboxIdentityCenter(this.identityCenter, this);
  }

  /**
   * Records an IAM call, throttled (and retried as the SDK does) under the `throttleIamRequestsEvery` fault; with
   * `trail`, CloudTrail records each attempt as Rekey's.
   */
  recordIam(operation: string, target: string, trail?: TrailedCall): AuditEvent | undefined {
    return this.callLog.recordIam(operation, target, this.rekeyCalls.writer(operation, trail));
  }

  /**
   * Records an API call (the drill prints them and tests assert their order); IAM changes may be throttled. With
   * `trail`, CloudTrail records it as Rekey's call (the call log also holds calls AWS made, by Identity Center).
   */
  record(operation: string, target: string, trail?: TrailedCall): AuditEvent | undefined {
    return this.callLog.record(operation, target, this.rekeyCalls.writer(operation, trail));
  }

  /** Every API call made against the account, in order (throttled attempts included). */
  get apiCalls(): SandboxApiCall[] {
    return this.callLog.calls;
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
    putInlinePolicy(principal, policyName, document);
  }

  /** Replaces a role's trust policy, as iam:UpdateAssumeRolePolicy does (AWS's own roles refuse it). */
  setTrustPolicy(role: SandboxPrincipal, document: TrustPolicy): void {
    setTrustPolicy(role, document);
  }

  /** Attaches a managed policy, as IAM does: idempotent, NoSuchEntity for an unknown policy, LimitExceeded past the quota. */
  attach(principal: SandboxPrincipal, policyArn: string): void {
    attachPolicy(this, principal, policyArn);
  }

  /** Creates a customer managed policy; EntityAlreadyExists and the 6,144-character size quota as IAM has them. */
  createPolicy(name: string, path: string, document: PolicyDocument): string {
    return createPolicy(this, this.policyArn(name, path), name, document);
  }

  /** Deletes a customer managed policy; DeleteConflict while it is attached. */
  deletePolicy(arn: string): void {
    deletePolicy(this, arn);
  }

  /** Creates a user at run time (as iam:CreateUser does), for contract tests and persistence sweeps. */
  createUser(name: string, tags: Record<string, string> = {}): SandboxPrincipal {
    if (this.users.has(name)) throw new ConflictError(`User with name ${name} already exists.`);
    const user = newPrincipal(this.id, 'user', name, { tags });
    this.users.set(name, user);
    return user;
  }

  /** Creates a role at run time (as iam:CreateRole does). */
  createRole(name: string, tags: Record<string, string> = {}, trustPolicy?: TrustPolicy): SandboxPrincipal {
    if (this.roles.has(name)) throw new ConflictError(`Role with name ${name} already exists.`);
    const role = newPrincipal(this.id, 'role', name, { tags, ...(trustPolicy ? { trustPolicy } : {}) });
    this.roles.set(name, role);
    return role;
  }

  /** Creates an active access key for a user (as iam:CreateAccessKey does, with the id given) and returns its id. */
  createAccessKey(userName: string, given?: string): string {
    const user = this.requireUser(userName);
    if (given && this.findAccessKey(given)) throw new ConflictError(`the access key ${given} already exists`);
    const id = given ?? accessKeyIdFor(userName, user.accessKeys.length);
    user.accessKeys.push({ id, status: 'Active', createdAt: this.now() });
    return id;
  }

  /** The account as a seed, to persist a drill's end state and load it again (for a later rollback). */
  toSeed(): AccountSeed {
    return accountToSeed(this);
  }

  /** Whether an access key ever belonged to this account's root (a deleted one fails as an invalid token). */
  isRootKey(accessKeyId: string): boolean {
    return this.rootKeysCreatedAt.has(accessKeyId);
  }

  /** The SCP levels that bind this account's principals (none outside an organisation or in its management account). */
  serviceControlPolicies(): { name: string; document: PolicyDocument }[][] {
    return this.organizations?.controlLevels(this.id) ?? [];
  }

  /** This account's root credentials, if the drill gives its root any. */
  rootCredentials(): RootCredentials | undefined {
    return this.roots.roots.get(this.id);
  }

  /** Centralised root access, only when the account is in an organisation (it is run from the management account). */
  rootAccessPort(): SandboxRootAccess | undefined {
    return this.organizations ? this.roots : undefined;
  }

  /** The current time on the account's clock, as IAM stamps it. */
  now(): string {
    return this.clock.now().toISOString();
  }
}
