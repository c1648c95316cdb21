import { ConflictError, NotFoundError, PolicyQuotaExceededError } from '../../domain/errors.js';
import { asList, type PolicyDocument, PolicyDocumentSchema } from '../../domain/policy-document.js';
import type { Organizations } from '../../ports/organizations.js';

const MAX_SCPS_PER_TARGET = 5;

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
  private next = 0;
  private log?: { record(operation: string, target: string): void };

  constructor(
    private readonly management: string,
    seeded: Array<{ id: string; name: string; document: PolicyDocument; targets: string[] }> = [],
  ) {
    for (const p of seeded)
      this.policies.set(p.id, { name: p.name, document: p.document, targets: new Set(p.targets) });
    this.next = seeded.length;
  }

  /** The organisation as a seed: its management account and every SCP with its targets. */
  toSeed(): {
    managementAccountId: string;
    policies: Array<{ id: string; name: string; document: PolicyDocument; targets: string[] }>;
  } {
    return {
      managementAccountId: this.management,
      policies: [...this.policies].map(([id, p]) => ({
        id,
        name: p.name,
        document: p.document,
        targets: [...p.targets],
      })),
    };
  }

  /** Records the organisation's calls in this account's call log when it is the management account. */
  recordIn(account: { id: string; record(operation: string, target: string): void }): void {
    if (account.id === this.management) this.log = account;
  }

  private record(operation: string, target: string): void {
    this.log?.record(operation, target);
  }

  async managementAccountId(): Promise<string> {
    this.record('DescribeOrganization', this.management);
    return this.management;
  }

  /**
   * The SCPs attached to an account, whose principals (its root among them) they bind; none for the management
   * account (SCPs never affect it). AWS's FullAWSAccess is not among them: see `controlLevels`.
   */
  bindingPolicies(accountId: string): { name: string; document: PolicyDocument }[] {
    if (accountId === this.management) return [];
    return [...this.policies.values()]
      .filter((p) => p.targets.has(accountId))
      .map((p) => ({ name: p.name, document: p.document }));
  }

  /**
   * The SCPs of each level that binds an account, as IAM evaluates them (each level must allow): the root's
   * FullAWSAccess, then the account's own. FullAWSAccess stays attached to the account unless one of its SCPs allows
   * something, which is AWS's allow-list strategy: the allow-list replaces it, and only what it allows is allowed.
   * None for the management account.
   */
  controlLevels(accountId: string): { name: string; document: PolicyDocument }[][] {
    if (accountId === this.management) return [];
    const attached = this.bindingPolicies(accountId);
    const allowList = attached.some((p) => asList(p.document.Statement).some((s) => s.Effect === 'Allow'));
    return [[FULL_AWS_ACCESS], allowList ? attached : [FULL_AWS_ACCESS, ...attached]];
  }

  async attachedPolicies(accountId: string): Promise<Array<{ policyId: string; name: string }>> {
    this.record('ListPoliciesForTarget', accountId);
    return [...this.policies]
      .filter(([, p]) => p.targets.has(accountId))
      .map(([policyId, p]) => ({ policyId, name: p.name }));
  }

  async findPolicy(name: string): Promise<string | undefined> {
    this.record('ListPolicies', name);
    return [...this.policies].find(([, p]) => p.name === name)?.[0];
  }

  async createServiceControlPolicy(
    name: string,
    document: PolicyDocument,
    _description = '',
  ): Promise<string> {
    this.record('CreatePolicy', name);
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
    this.record('AttachPolicy', `${policyId} to ${accountId}`);
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
    this.record('DetachPolicy', `${policyId} from ${accountId}`);
    if (!this.find(policyId).targets.delete(accountId))
      throw new NotFoundError('The selected policy is not attached to the specified target.');
  }

  async deletePolicy(policyId: string): Promise<void> {
    this.record('DeletePolicy', policyId);
    if (this.find(policyId).targets.size > 0)
      throw new ConflictError('The policy is attached to one or more entities.');
    this.policies.delete(policyId);
  }
}
