import type { Clock } from '../../domain/clock.js';
import { NotFoundError, PolicyQuotaExceededError } from '../../domain/errors.js';
import { type PolicyDocument, PolicyDocumentSchema, policySize } from '../../domain/policy-document.js';
import type {
  AccessKeyLastUsed,
  AccessKeyRecord,
  AccessKeyStatus,
  IamUser,
  Identity,
} from '../../ports/identity.js';
import { type AccountSeed, type AccountSeedInput, AccountSeedSchema } from './account-seed.js';
import { AWS_MANAGED_POLICIES } from './aws-managed-policies.js';

/** IAM's quota on the total size of a principal's inline policies (whitespace not counted). */
export const INLINE_POLICY_QUOTA = { user: 2048, role: 10240 } as const;

/** A long-term key in the sandbox, with the time its status last changed. */
export interface SandboxAccessKey {
  id: string;
  status: AccessKeyStatus;
  createdAt: string;
  statusChangedAt?: string;
  lastUsed?: { at: string; service: string; region: string };
}

/** Temporary credentials held by a sandbox principal. */
export interface SandboxSession {
  id: string;
  issuedAt: string;
  expiresAt?: string;
  issuedBy?: string;
  sessionName?: string;
}

/** A user or a role of the sandbox account. */
export interface SandboxPrincipal {
  kind: 'user' | 'role';
  name: string;
  arn: string;
  id: string;
  tags: Record<string, string>;
  managedPolicies: string[];
  inlinePolicies: Map<string, PolicyDocument>;
  accessKeys: SandboxAccessKey[];
  sessions: SandboxSession[];
}

/** One IAM API call Rekey made against the sandbox, in order. */
export interface SandboxApiCall {
  at: string;
  operation: string;
  target: string;
}

function principalId(prefix: string, name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `${prefix}${hash.toString(36).toUpperCase().padStart(17, 'X')}`.slice(0, 21);
}

/** The simulated AWS account of a drill: IAM state in memory, with the quotas and errors IAM has. */
export class SandboxAccount {
  readonly id: string;
  readonly region: string;
  readonly users = new Map<string, SandboxPrincipal>();
  readonly roles = new Map<string, SandboxPrincipal>();
  readonly customerPolicies = new Map<string, PolicyDocument>();
  readonly apiCalls: SandboxApiCall[] = [];

  constructor(
    seed: AccountSeedInput | AccountSeed,
    private readonly clock: Clock,
  ) {
    const account = AccountSeedSchema.parse(seed);
    this.id = account.id;
    this.region = account.region;
    for (const policy of account.policies)
      this.customerPolicies.set(this.policyArn(policy.name), policy.document);
    for (const user of account.users) {
      this.users.set(user.name, {
        kind: 'user',
        name: user.name,
        arn: `arn:aws:iam::${account.id}:user/${user.name}`,
        id: principalId('AIDA', user.name),
        tags: user.tags,
        managedPolicies: user.managedPolicies,
        inlinePolicies: new Map(Object.entries(user.inlinePolicies)),
        accessKeys: user.accessKeys.map((k) => ({ ...k })),
        sessions: user.sessions.map((s) => ({ ...s })),
      });
    }
    for (const role of account.roles) {
      this.roles.set(role.name, {
        kind: 'role',
        name: role.name,
        arn: `arn:aws:iam::${account.id}:role${role.path}${role.name}`,
        id: principalId('AROA', role.name),
        tags: role.tags,
        managedPolicies: role.managedPolicies,
        inlinePolicies: new Map(Object.entries(role.inlinePolicies)),
        accessKeys: [],
        sessions: role.sessions.map((s) => ({ ...s })),
      });
    }
  }

  /** The ARN of a customer managed policy of this account. */
  policyArn(name: string): string {
    return `arn:aws:iam::${this.id}:policy/${name}`;
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

  /** Records an API call Rekey made (the drill prints them and tests assert their order). */
  record(operation: string, target: string): void {
    this.apiCalls.push({ at: this.clock.now().toISOString(), operation, target });
  }

  /** Puts an inline policy, enforcing IAM's per-principal size quota (LimitExceeded as PolicyQuotaExceededError). */
  putInlinePolicy(principal: SandboxPrincipal, policyName: string, document: PolicyDocument): void {
    const parsed = PolicyDocumentSchema.parse(document);
    const quota = INLINE_POLICY_QUOTA[principal.kind];
    const others = [...principal.inlinePolicies].filter(([name]) => name !== policyName);
    const total = others.reduce((sum, [, doc]) => sum + policySize(doc), policySize(parsed));
    if (total > quota) {
      throw new PolicyQuotaExceededError(
        `Maximum policy size of ${quota} bytes exceeded for ${principal.kind} ${principal.name} (would be ${total}).`,
      );
    }
    principal.inlinePolicies.set(policyName, parsed);
  }

  /** The user, or NotFoundError as IAM's NoSuchEntity. */
  requireUser(userName: string): SandboxPrincipal {
    const user = this.users.get(userName);
    if (!user) throw new NotFoundError(`The user with name ${userName} cannot be found.`);
    return user;
  }
}

class SandboxIdentity implements Identity {
  constructor(
    private readonly account: SandboxAccount,
    private readonly clock: Clock,
  ) {}

  async accessKeyLastUsed(accessKeyId: string): Promise<AccessKeyLastUsed | undefined> {
    this.account.record('GetAccessKeyLastUsed', accessKeyId);
    const found = this.account.findAccessKey(accessKeyId);
    if (!found) return undefined;
    const { user, key } = found;
    return key.lastUsed
      ? {
          userName: user.name,
          lastUsedDate: key.lastUsed.at,
          serviceName: key.lastUsed.service,
          region: key.lastUsed.region,
        }
      : { userName: user.name };
  }

  async getUser(userName: string): Promise<IamUser | undefined> {
    this.account.record('GetUser', userName);
    const user = this.account.users.get(userName);
    return user && { name: user.name, arn: user.arn, userId: user.id, tags: { ...user.tags } };
  }

  async listAccessKeys(userName: string): Promise<AccessKeyRecord[]> {
    this.account.record('ListAccessKeys', userName);
    return this.account.requireUser(userName).accessKeys.map((k) => ({
      accessKeyId: k.id,
      userName,
      status: k.status,
      createDate: k.createdAt,
    }));
  }

  async updateAccessKeyStatus(userName: string, accessKeyId: string, status: AccessKeyStatus): Promise<void> {
    this.account.record('UpdateAccessKey', `${userName}/${accessKeyId}=${status}`);
    const key = this.account.requireUser(userName).accessKeys.find((k) => k.id === accessKeyId);
    if (!key) throw new NotFoundError(`The Access Key with id ${accessKeyId} cannot be found.`);
    if (key.status !== status) {
      key.status = status;
      key.statusChangedAt = this.clock.now().toISOString();
    }
  }

  async listUserPolicyNames(userName: string): Promise<string[]> {
    this.account.record('ListUserPolicies', userName);
    return [...this.account.requireUser(userName).inlinePolicies.keys()];
  }

  async getUserPolicy(userName: string, policyName: string): Promise<PolicyDocument | undefined> {
    this.account.record('GetUserPolicy', `${userName}/${policyName}`);
    return this.account.requireUser(userName).inlinePolicies.get(policyName);
  }

  async putUserPolicy(userName: string, policyName: string, document: PolicyDocument): Promise<void> {
    this.account.record('PutUserPolicy', `${userName}/${policyName}`);
    this.account.putInlinePolicy(this.account.requireUser(userName), policyName, document);
  }

  async deleteUserPolicy(userName: string, policyName: string): Promise<void> {
    this.account.record('DeleteUserPolicy', `${userName}/${policyName}`);
    const user = this.account.requireUser(userName);
    if (!user.inlinePolicies.delete(policyName)) {
      throw new NotFoundError(`The user policy with name ${policyName} cannot be found.`);
    }
  }
}
