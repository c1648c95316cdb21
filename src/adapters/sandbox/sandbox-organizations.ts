import { ConflictError, NotFoundError, PolicyQuotaExceededError } from '../../domain/errors.js';
import { asList, type PolicyDocument, PolicyDocumentSchema } from '../../domain/policy-document.js';
import type { Organizations } from '../../ports/organizations.js';
import type { TrailedCall } from './sandbox-model.js';

const MAX_SCPS_PER_TARGET = 5;

/** An account's call log, which writes Rekey's calls to CloudTrail too. */
interface CallRecorder {
  record(operation: string, target: string, trail?: TrailedCall): void;
}

/** An organisation's management account, root, organizational units (with their accounts) and SCPs. */
export interface OrganizationStructure {
  managementAccountId: string;
  rootId?: string;
  organizationalUnits?: Array<{ id: string; parentId?: string; accounts: string[] }>;
  policies?: Array<{ id: string; name: string; document: PolicyDocument; targets: string[] }>;
}

/** AWS's id for FullAWSAccess, the same in every organisation. */
export const FULL_AWS_ACCESS_ID = 'p-FullAWSAccess';

/** AWS's default SCP, attached to the root and every account unless an allow-list replaces it. */
const FULL_AWS_ACCESS = {
  name: 'FullAWSAccess',
  document: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  } as PolicyDocument,
};

/**
 * An organisation in memory: its management account and the SCPs attached to accounts. CloudTrail records
 * Organizations calls in the management account, and so does the sandbox's call log when the drill simulates it.
 */
export class SandboxOrganizations implements Organizations {
  readonly policies = new Map<string, { name: string; document: PolicyDocument; targets: Set<string> }>();
  /** The management account's id. */
  readonly management: string;
  private readonly rootId: string | undefined;
  private readonly units: NonNullable<OrganizationStructure['organizationalUnits']>;
  private next = 0;
  private log?: CallRecorder;

  /** An organisation from its structure, or one of the management account alone. */
  constructor(given: OrganizationStructure | string) {
    const organization = typeof given === 'string' ? { managementAccountId: given } : given;
    this.management = organization.managementAccountId;
    this.rootId = organization.rootId;
    this.units = organization.organizationalUnits ?? [];
    const seeded = organization.policies ?? [];
    for (const p of seeded)
      this.policies.set(p.id, { name: p.name, document: p.document, targets: new Set(p.targets) });
    this.next = seeded.length;
  }

  /** The organisation as a seed: its management account, its structure and every SCP with its targets. */
  toSeed(): Required<Omit<OrganizationStructure, 'rootId'>> & Pick<OrganizationStructure, 'rootId'> {
    return {
      managementAccountId: this.management,
      ...(this.rootId ? { rootId: this.rootId } : {}),
      organizationalUnits: this.units.map((u) => ({ ...u, accounts: [...u.accounts] })),
      policies: [...this.policies].map(([id, p]) => ({
        id,
        name: p.name,
        document: p.document,
        targets: [...p.targets],
      })),
    };
  }

  /** The levels from the root down to the account (the root, each OU it sits in, the account itself). */
  private pathTo(accountId: string): string[] {
    const below: string[] = [accountId];
    let unit = this.units.find((u) => u.accounts.includes(accountId));
    while (unit) {
      below.unshift(unit.id);
      const parent = unit.parentId;
      unit = this.units.find((u) => u.id === parent);
    }
    return this.rootId ? [this.rootId, ...below] : below;
  }

  /** Records the organisation's calls in this account's call log when it is the management account. */
  recordIn(account: CallRecorder & { id: string }): void {
    if (account.id === this.management) this.log = account;
  }

  /** Records the call in the management account's call log, and CloudTrail there as Rekey's (never the content). */
  private record(operation: string, target: string, requestParameters?: Record<string, unknown>): void {
    this.log?.record(operation, target, {
      service: 'organizations',
      ...(requestParameters ? { requestParameters } : {}),
    });
  }

  async managementAccountId(): Promise<string> {
    this.record('DescribeOrganization', this.management);
    return this.management;
  }

  /** The SCPs attached directly to a target (an account, the root or an OU). */
  private attachedTo(target: string): { name: string; document: PolicyDocument }[] {
    return [...this.policies.values()]
      .filter((p) => p.targets.has(target))
      .map((p) => ({ name: p.name, document: p.document }));
  }

  /**
   * The SCPs of each level that binds an account, as IAM evaluates them (every level must allow, and a deny at
   * any level denies): the root, each OU down to the account, then the account. FullAWSAccess stays attached at a
   * level unless one of its SCPs allows something, which is AWS's allow-list strategy: the allow-list replaces it
   * there, and only what it allows is allowed below; a seed naming FullAWSAccess (`p-FullAWSAccess`) says where it
   * is attached, so a level it was detached from allows nothing. Without a declared root, the root holds it alone.
   * None for the management account (SCPs never affect it).
   */
  controlLevels(accountId: string): { name: string; document: PolicyDocument }[][] {
    if (accountId === this.management) return [];
    // A seed that names FullAWSAccess places it itself: a level it is not attached to holds only what is attached.
    const placed = this.policies.has(FULL_AWS_ACCESS_ID);
    const levels = this.pathTo(accountId).map((level) => {
      const attached = this.attachedTo(level);
      const allowList = attached.some((p) => asList(p.document.Statement).some((s) => s.Effect === 'Allow'));
      return allowList || placed ? attached : [FULL_AWS_ACCESS, ...attached];
    });
    return this.rootId ? levels : [[FULL_AWS_ACCESS], ...levels];
  }

  async attachedPolicies(accountId: string): Promise<Array<{ policyId: string; name: string }>> {
    this.record('ListPoliciesForTarget', accountId, {
      targetId: accountId,
      filter: 'SERVICE_CONTROL_POLICY',
    });
    return [...this.policies]
      .filter(([, p]) => p.targets.has(accountId))
      .map(([policyId, p]) => ({ policyId, name: p.name }));
  }

  async findPolicy(name: string): Promise<string | undefined> {
    this.record('ListPolicies', name, { filter: 'SERVICE_CONTROL_POLICY' });
    return [...this.policies].find(([, p]) => p.name === name)?.[0];
  }

  async createServiceControlPolicy(
    name: string,
    document: PolicyDocument,
    _description = '',
  ): Promise<string> {
    this.record('CreatePolicy', name, {
      name,
      type: 'SERVICE_CONTROL_POLICY',
      content: JSON.stringify(document),
    });
    if ([...this.policies.values()].some((p) => p.name === name))
      throw new ConflictError(`A policy with the name ${name} already exists.`);
    do this.next += 1;
    while (this.policies.has(`p-rekey${String(this.next).padStart(4, '0')}`));
    const policyId = `p-rekey${String(this.next).padStart(4, '0')}`;
    this.policies.set(policyId, { name, document: PolicyDocumentSchema.parse(document), targets: new Set() });
    return policyId;
  }

  private find(policyId: string) {
    const policy = this.policies.get(policyId);
    if (!policy)
      throw new NotFoundError(`We can't find a policy with the PolicyId that you specified: ${policyId}`);
    return policy;
  }

  async attachPolicy(policyId: string, accountId: string): Promise<void> {
    this.record('AttachPolicy', `${policyId} to ${accountId}`, { policyId, targetId: accountId });
    const policy = this.find(policyId);
    if (policy.targets.has(accountId))
      throw new ConflictError('The selected policy is already attached to the specified target.');
    // AWS allows five SCPs attached directly to an account, AWS's FullAWSAccess (not modelled here) among them.
    const attached = [...this.policies.values()].filter((p) => p.targets.has(accountId)).length;
    if (attached + 1 >= MAX_SCPS_PER_TARGET)
      throw new PolicyQuotaExceededError(
        'ConstraintViolationException: You have attached the maximum number of policies to the specified target.',
      );
    policy.targets.add(accountId);
  }

  async detachPolicy(policyId: string, accountId: string): Promise<void> {
    this.record('DetachPolicy', `${policyId} from ${accountId}`, { policyId, targetId: accountId });
    if (!this.find(policyId).targets.delete(accountId))
      throw new NotFoundError('The selected policy is not attached to the specified target.');
  }

  async deletePolicy(policyId: string): Promise<void> {
    this.record('DeletePolicy', policyId, { policyId });
    if (this.find(policyId).targets.size > 0)
      throw new ConflictError('The policy is attached to one or more entities.');
    this.policies.delete(policyId);
  }
}
