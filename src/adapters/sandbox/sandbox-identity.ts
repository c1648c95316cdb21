import type { Clock } from '../../domain/clock.js';
import { NotFoundError } from '../../domain/errors.js';
import type { PolicyDocument, TrustPolicy } from '../../domain/policy-document.js';
import type { AuditEvent } from '../../ports/audit-trail.js';
import type {
  AccessKeyLastUsed,
  AccessKeyRecord,
  AccessKeyStatus,
  IamPrincipal,
  IamPrincipalRef,
  Identity,
  LoginProfile,
  SimulatedDecision,
} from '../../ports/identity.js';
import { answered, label, named, noSuch, notThere, text } from './iam-records.js';
import type { RekeyCaller, SandboxHost } from './sandbox-model.js';
import { simulatePrincipal } from './sandbox-simulator.js';

/** The Identity port over a sandbox account, answering as IAM answers; every call is recorded. */
export class SandboxIdentity implements Identity {
  constructor(
    private readonly account: SandboxHost,
    private readonly clock: Clock,
    /** Which of Rekey's roles calls: triage reads through the reader role, the action acts through the member role. */
    private readonly as: RekeyCaller = 'member',
  ) {}

  /**
   * Refuses, as IAM would, a call Rekey's role may not make on the resource (its own policies under the account's
   * SCPs: a guardrail denying IAM changes binds Rekey as it binds anyone), then records it; CloudTrail records
   * either, with the request's parameters as IAM's record names them.
   */
  private call(
    operation: string,
    target: string,
    resource: string,
    requestParameters: Record<string, unknown> = {},
    context: Readonly<Record<string, string>> = {},
    responseElements?: Record<string, unknown>,
  ): AuditEvent | undefined {
    const trail = {
      service: 'iam',
      as: this.as,
      ...(Object.keys(requestParameters).length ? { requestParameters } : {}),
      ...(responseElements ? { responseElements } : {}),
    };
    this.account.authorize(`iam:${operation}`, resource, this.as, context, { operation, target, trail });
    return this.account.recordIam(operation, target, trail);
  }

  /** The ARN IAM authorizes a call about a user or role on (its path included). */
  private arnOf(ref: IamPrincipalRef): string {
    const found = (ref.kind === 'user' ? this.account.users : this.account.roles).get(ref.name);
    return found?.arn ?? `arn:aws:iam::${this.account.id}:${ref.kind}/${ref.name}`;
  }

  private userArn(userName: string): string {
    return this.arnOf({ kind: 'user', name: userName });
  }

  async accessKeyLastUsed(accessKeyId: string): Promise<AccessKeyLastUsed | undefined> {
    const found = this.account.findAccessKey(accessKeyId);
    this.call(
      'GetAccessKeyLastUsed',
      accessKeyId,
      found ? found.user.arn : `arn:aws:iam::${this.account.id}:user/*`,
      { accessKeyId },
    );
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

  async getPrincipal(ref: IamPrincipalRef): Promise<IamPrincipal | undefined> {
    const recorded = this.call(
      ref.kind === 'user' ? 'GetUser' : 'GetRole',
      ref.name,
      this.arnOf(ref),
      named(ref),
    );
    const principals = ref.kind === 'user' ? this.account.users : this.account.roles;
    const found = notThere(recorded, noSuch(ref), principals.get(ref.name));
    return (
      found && {
        kind: found.kind,
        name: found.name,
        arn: found.arn,
        id: found.id,
        path: found.path,
        tags: { ...found.tags },
      }
    );
  }

  async listUserNames(): Promise<string[]> {
    this.call('ListUsers', '*', '*');
    return [...this.account.users.keys()];
  }

  async listAccessKeys(userName: string): Promise<AccessKeyRecord[]> {
    const recorded = this.call('ListAccessKeys', userName, this.userArn(userName), { userName });
    return answered(recorded, () =>
      this.account.requireUser(userName).accessKeys.map((k) => ({
        accessKeyId: k.id,
        userName,
        status: k.status,
        createDate: k.createdAt,
      })),
    );
  }

  async updateAccessKeyStatus(userName: string, accessKeyId: string, status: AccessKeyStatus): Promise<void> {
    const recorded = this.call(
      'UpdateAccessKey',
      `${userName}/${accessKeyId}=${status}`,
      this.userArn(userName),
      {
        userName,
        accessKeyId,
        status,
      },
    );
    const key = answered(recorded, () => {
      const found = this.account.requireUser(userName).accessKeys.find((k) => k.id === accessKeyId);
      if (!found) throw new NotFoundError(`The Access Key with id ${accessKeyId} cannot be found.`);
      return found;
    });
    if (key.status !== status) {
      key.status = status;
      key.statusChangedAt = this.clock.now().toISOString();
    }
  }

  async listInlinePolicyNames(ref: IamPrincipalRef): Promise<string[]> {
    const recorded = this.call(
      ref.kind === 'user' ? 'ListUserPolicies' : 'ListRolePolicies',
      ref.name,
      this.arnOf(ref),
      named(ref),
    );
    return answered(recorded, () => [...this.account.require(ref).inlinePolicies.keys()]);
  }

  async getInlinePolicy(ref: IamPrincipalRef, policyName: string): Promise<PolicyDocument | undefined> {
    const recorded = this.call(
      ref.kind === 'user' ? 'GetUserPolicy' : 'GetRolePolicy',
      `${label(ref)}/${policyName}`,
      this.arnOf(ref),
      { ...named(ref), policyName },
    );
    const principal = answered(recorded, () => this.account.require(ref));
    return notThere(
      recorded,
      `The ${ref.kind} policy with name ${policyName} cannot be found.`,
      principal.inlinePolicies.get(policyName),
    );
  }

  async putInlinePolicy(ref: IamPrincipalRef, policyName: string, document: PolicyDocument): Promise<void> {
    const recorded = this.call(
      ref.kind === 'user' ? 'PutUserPolicy' : 'PutRolePolicy',
      `${label(ref)}/${policyName}`,
      this.arnOf(ref),
      { ...named(ref), policyName, policyDocument: text(document) },
    );
    answered(recorded, () => this.account.putInlinePolicy(this.account.require(ref), policyName, document));
  }

  async deleteInlinePolicy(ref: IamPrincipalRef, policyName: string): Promise<void> {
    const recorded = this.call(
      ref.kind === 'user' ? 'DeleteUserPolicy' : 'DeleteRolePolicy',
      `${label(ref)}/${policyName}`,
      this.arnOf(ref),
      { ...named(ref), policyName },
    );
    answered(recorded, () => {
      if (!this.account.require(ref).inlinePolicies.delete(policyName))
        throw new NotFoundError(`The ${ref.kind} policy with name ${policyName} cannot be found.`);
    });
  }

  async listAttachedPolicyArns(ref: IamPrincipalRef): Promise<string[]> {
    const recorded = this.call(
      ref.kind === 'user' ? 'ListAttachedUserPolicies' : 'ListAttachedRolePolicies',
      ref.name,
      this.arnOf(ref),
      named(ref),
    );
    return answered(recorded, () => [...this.account.require(ref).managedPolicies]);
  }

  async attachManagedPolicy(ref: IamPrincipalRef, policyArn: string): Promise<void> {
    const recorded = this.call(
      ref.kind === 'user' ? 'AttachUserPolicy' : 'AttachRolePolicy',
      `${label(ref)}/${policyArn}`,
      this.arnOf(ref),
      { ...named(ref), policyArn },
      { 'iam:PolicyARN': policyArn },
    );
    answered(recorded, () => this.account.attach(this.account.require(ref), policyArn));
  }

  async detachManagedPolicy(ref: IamPrincipalRef, policyArn: string): Promise<void> {
    const recorded = this.call(
      ref.kind === 'user' ? 'DetachUserPolicy' : 'DetachRolePolicy',
      `${label(ref)}/${policyArn}`,
      this.arnOf(ref),
      { ...named(ref), policyArn },
      { 'iam:PolicyARN': policyArn },
    );
    answered(recorded, () => {
      const principal = this.account.require(ref);
      const index = principal.managedPolicies.indexOf(policyArn);
      if (index < 0) throw new NotFoundError(`Policy ${policyArn} was not found.`);
      principal.managedPolicies.splice(index, 1);
    });
  }

  async createManagedPolicy(name: string, document: PolicyDocument): Promise<string> {
    const arn = `arn:aws:iam::${this.account.id}:policy/rekey/${name}`;
    const request = { policyName: name, path: '/rekey/', policyDocument: text(document) };
    const response = { policy: { policyName: name, path: '/rekey/', arn } };
    const recorded = this.call('CreatePolicy', name, arn, request, {}, response);
    return answered(recorded, () => this.account.createPolicy(name, '/rekey/', document));
  }

  async deleteManagedPolicy(policyArn: string): Promise<void> {
    const recorded = this.call('DeletePolicy', policyArn, policyArn, { policyArn });
    answered(recorded, () => this.account.deletePolicy(policyArn));
  }

  async getRoleTrustPolicy(roleName: string): Promise<TrustPolicy | undefined> {
    const ref = { kind: 'role', name: roleName } as const;
    const recorded = this.call('GetRole', roleName, this.arnOf(ref), { roleName });
    return notThere(recorded, noSuch(ref), this.account.roles.get(roleName))?.trustPolicy;
  }

  async updateRoleTrustPolicy(roleName: string, document: TrustPolicy): Promise<void> {
    const role = { kind: 'role', name: roleName } as const;
    const request = { roleName, policyDocument: text(document) };
    const recorded = this.call('UpdateAssumeRolePolicy', roleName, this.arnOf(role), request);
    answered(recorded, () => this.account.setTrustPolicy(this.account.require(role), document));
  }

  async getLoginProfile(userName: string): Promise<LoginProfile | undefined> {
    const recorded = this.call('GetLoginProfile', userName, this.userArn(userName), { userName });
    const user = answered(recorded, () => this.account.requireUser(userName));
    const profile = notThere(
      recorded,
      `Login Profile for User ${userName} cannot be found.`,
      user.loginProfile,
    );
    return profile && { createDate: profile.createdAt, passwordResetRequired: profile.passwordResetRequired };
  }

  async deleteLoginProfile(userName: string): Promise<void> {
    const recorded = this.call('DeleteLoginProfile', userName, this.userArn(userName), { userName });
    answered(recorded, () => {
      const user = this.account.requireUser(userName);
      if (!user.loginProfile) throw new NotFoundError(`Login Profile for User ${userName} cannot be found.`);
      delete user.loginProfile;
    });
  }

  async instanceProfileArns(roleName: string): Promise<string[]> {
    const role = { kind: 'role', name: roleName } as const;
    const recorded = this.call('ListInstanceProfilesForRole', roleName, this.arnOf(role), { roleName });
    answered(recorded, () => this.account.require(role));
    return this.account.instanceProfileArns(roleName);
  }

  async simulatePrincipalPolicy(
    principalArn: string,
    actions: readonly string[],
    resourceArns: readonly string[],
    context: Readonly<Record<string, string>> = {},
  ): Promise<SimulatedDecision[]> {
    const recorded = this.call('SimulatePrincipalPolicy', principalArn, principalArn, {
      policySourceArn: principalArn,
      actionNames: [...actions],
      resourceArns: [...resourceArns],
    });
    return answered(recorded, () =>
      simulatePrincipal(this.account, principalArn, actions, resourceArns, context),
    );
  }
}
