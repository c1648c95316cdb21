import type { Clock } from '../../domain/clock.js';
import { NotFoundError } from '../../domain/errors.js';
import type { PolicyDocument, TrustPolicy } from '../../domain/policy-document.js';
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
import type { SandboxHost } from './sandbox-model.js';
import { simulatePrincipal } from './sandbox-simulator.js';

const label = (ref: IamPrincipalRef) => `${ref.kind}/${ref.name}`;

/** The Identity port over a sandbox account, answering as IAM answers; every call is recorded. */
export class SandboxIdentity implements Identity {
  constructor(
    private readonly account: SandboxHost,
    private readonly clock: Clock,
  ) {}

  async accessKeyLastUsed(accessKeyId: string): Promise<AccessKeyLastUsed | undefined> {
    this.account.recordIam('GetAccessKeyLastUsed', accessKeyId);
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

  async getPrincipal(ref: IamPrincipalRef): Promise<IamPrincipal | undefined> {
    this.account.recordIam(ref.kind === 'user' ? 'GetUser' : 'GetRole', ref.name);
    const found = (ref.kind === 'user' ? this.account.users : this.account.roles).get(ref.name);
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

  async listAccessKeys(userName: string): Promise<AccessKeyRecord[]> {
    this.account.recordIam('ListAccessKeys', userName);
    return this.account.requireUser(userName).accessKeys.map((k) => ({
      accessKeyId: k.id,
      userName,
      status: k.status,
      createDate: k.createdAt,
    }));
  }

  async updateAccessKeyStatus(userName: string, accessKeyId: string, status: AccessKeyStatus): Promise<void> {
    this.account.recordIam('UpdateAccessKey', `${userName}/${accessKeyId}=${status}`);
    const key = this.account.requireUser(userName).accessKeys.find((k) => k.id === accessKeyId);
    if (!key) throw new NotFoundError(`The Access Key with id ${accessKeyId} cannot be found.`);
    if (key.status !== status) {
      key.status = status;
      key.statusChangedAt = this.clock.now().toISOString();
    }
  }

  async listInlinePolicyNames(ref: IamPrincipalRef): Promise<string[]> {
    this.account.recordIam(ref.kind === 'user' ? 'ListUserPolicies' : 'ListRolePolicies', ref.name);
    return [...this.account.require(ref).inlinePolicies.keys()];
  }

  async getInlinePolicy(ref: IamPrincipalRef, policyName: string): Promise<PolicyDocument | undefined> {
    this.account.recordIam(
      ref.kind === 'user' ? 'GetUserPolicy' : 'GetRolePolicy',
      `${label(ref)}/${policyName}`,
    );
    return this.account.require(ref).inlinePolicies.get(policyName);
  }

  async putInlinePolicy(ref: IamPrincipalRef, policyName: string, document: PolicyDocument): Promise<void> {
    this.account.recordIam(
      ref.kind === 'user' ? 'PutUserPolicy' : 'PutRolePolicy',
      `${label(ref)}/${policyName}`,
    );
    this.account.putInlinePolicy(this.account.require(ref), policyName, document);
  }

  async deleteInlinePolicy(ref: IamPrincipalRef, policyName: string): Promise<void> {
    this.account.recordIam(
      ref.kind === 'user' ? 'DeleteUserPolicy' : 'DeleteRolePolicy',
      `${label(ref)}/${policyName}`,
    );
    if (!this.account.require(ref).inlinePolicies.delete(policyName)) {
      throw new NotFoundError(`The ${ref.kind} policy with name ${policyName} cannot be found.`);
    }
  }

  async listAttachedPolicyArns(ref: IamPrincipalRef): Promise<string[]> {
    this.account.recordIam(
      ref.kind === 'user' ? 'ListAttachedUserPolicies' : 'ListAttachedRolePolicies',
      ref.name,
    );
    return [...this.account.require(ref).managedPolicies];
  }

  async attachManagedPolicy(ref: IamPrincipalRef, policyArn: string): Promise<void> {
    this.account.recordIam(
      ref.kind === 'user' ? 'AttachUserPolicy' : 'AttachRolePolicy',
      `${label(ref)}/${policyArn}`,
    );
    this.account.attach(this.account.require(ref), policyArn);
  }

  async detachManagedPolicy(ref: IamPrincipalRef, policyArn: string): Promise<void> {
    this.account.recordIam(
      ref.kind === 'user' ? 'DetachUserPolicy' : 'DetachRolePolicy',
      `${label(ref)}/${policyArn}`,
    );
    const principal = this.account.require(ref);
    const index = principal.managedPolicies.indexOf(policyArn);
    if (index < 0) throw new NotFoundError(`Policy ${policyArn} was not found.`);
    principal.managedPolicies.splice(index, 1);
  }

  async createManagedPolicy(name: string, document: PolicyDocument): Promise<string> {
    this.account.recordIam('CreatePolicy', name);
    return this.account.createPolicy(name, '/rekey/', document);
  }

  async getManagedPolicy(policyArn: string): Promise<PolicyDocument | undefined> {
    this.account.recordIam('GetPolicyVersion', policyArn);
    return this.account.managedPolicy(policyArn);
  }

  async deleteManagedPolicy(policyArn: string): Promise<void> {
    this.account.recordIam('DeletePolicy', policyArn);
    this.account.deletePolicy(policyArn);
  }

  async getRoleTrustPolicy(roleName: string): Promise<TrustPolicy | undefined> {
    this.account.recordIam('GetRole', roleName);
    return this.account.roles.get(roleName)?.trustPolicy;
  }

  async updateRoleTrustPolicy(roleName: string, document: TrustPolicy): Promise<void> {
    this.account.recordIam('UpdateAssumeRolePolicy', roleName);
    this.account.setTrustPolicy(this.account.require({ kind: 'role', name: roleName }), document);
  }

  async getLoginProfile(userName: string): Promise<LoginProfile | undefined> {
    this.account.recordIam('GetLoginProfile', userName);
    const profile = this.account.requireUser(userName).loginProfile;
    return profile && { createDate: profile.createdAt, passwordResetRequired: profile.passwordResetRequired };
  }

  async deleteLoginProfile(userName: string): Promise<void> {
    this.account.recordIam('DeleteLoginProfile', userName);
    const user = this.account.requireUser(userName);
    if (!user.loginProfile) throw new NotFoundError(`Login Profile for User ${userName} cannot be found.`);
    delete user.loginProfile;
  }

  async instanceProfileArns(roleName: string): Promise<string[]> {
    this.account.recordIam('ListInstanceProfilesForRole', roleName);
    this.account.require({ kind: 'role', name: roleName });
    return this.account.instanceProfileArns(roleName);
  }

  async simulatePrincipalPolicy(
    principalArn: string,
    actions: readonly string[],
    resourceArns: readonly string[],
    context: Readonly<Record<string, string>> = {},
  ): Promise<SimulatedDecision[]> {
    this.account.recordIam('SimulatePrincipalPolicy', principalArn);
    this.account.authorize('iam:SimulatePrincipalPolicy', principalArn);
    return simulatePrincipal(this.account, principalArn, actions, resourceArns, context);
  }
}
