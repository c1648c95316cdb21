import { AccessDeniedError } from '../../domain/errors.js';
import { evaluatePolicies } from '../../domain/policy-evaluator.js';
import type { RootAccess, RootCredentials } from '../../ports/root-access.js';
import type { SandboxOrganizations } from './sandbox-organizations.js';

const none = (): RootCredentials => ({
  loginProfile: false,
  accessKeyIds: [],
  mfaSerialNumbers: [],
  signingCertificateIds: [],
});

/** The IAM calls of a privileged root session that reads the root's credentials, in the order AWS's adapter makes them. */
const INVENTORY = [
  'iam:ListAccessKeys',
  'iam:ListMFADevices',
  'iam:ListSigningCertificates',
  'iam:GetLoginProfile',
];

/**
 * Centralised root access over an organisation in memory. As in AWS, a privileged root session can only target a
 * member account (AssumeRoot on the management account is refused), and it is the member account's root user: the
 * SCPs attached to that account bind every call it makes, with `aws:PrincipalArn` the root's ARN and
 * `aws:AssumedRoot` set to `true` (the key that lets an SCP exempt these sessions).
 */
export class SandboxRootAccess implements RootAccess {
  readonly roots = new Map<string, RootCredentials>();
  /** The accounts whose root credentials a root session removed. */
  readonly removedFrom = new Set<string>();

  constructor(
    private readonly management: string,
    roots: Record<string, Partial<RootCredentials>> = {},
    private readonly organizations?: SandboxOrganizations,
  ) {
    this.add(roots);
  }

  /** Adds root users' credentials, by account (an account joining the organisation). */
  add(roots: Record<string, Partial<RootCredentials>>): void {
    for (const [accountId, c] of Object.entries(roots)) this.roots.set(accountId, { ...none(), ...c });
  }

  private root(accountId: string): RootCredentials {
    if (accountId === this.management)
      throw new AccessDeniedError(`AssumeRoot: ${accountId} is the management account, not a member account`);
    let root = this.roots.get(accountId);
    if (!root) {
      root = none();
      this.roots.set(accountId, root);
    }
    return root;
  }

  /** A call of the root session, refused as AWS refuses it when an SCP of the account denies it. */
  private call(accountId: string, action: string): void {
    const scps = this.organizations?.bindingPolicies(accountId) ?? [];
    const root = `arn:aws:iam::${accountId}:root`;
    const decision = evaluatePolicies(scps, {
      action,
      resource: root,
      context: {
        'aws:PrincipalArn': root,
        'aws:PrincipalAccount': accountId,
        'aws:PrincipalType': 'Account',
        'aws:AssumedRoot': 'true',
      },
    });
    if (decision.effect === 'explicit-deny')
      throw new AccessDeniedError(
        `User: ${root} is not authorized to perform: ${action} on resource: ${root} with an explicit deny in a service control policy (${decision.policy})`,
      );
  }

  async credentials(accountId: string): Promise<RootCredentials> {
    const root = this.root(accountId);
    for (const action of INVENTORY) this.call(accountId, action);
    return structuredClone(root);
  }

  async deleteCredentials(accountId: string): Promise<RootCredentials> {
    const removed = await this.credentials(accountId);
    if (removed.loginProfile) this.call(accountId, 'iam:DeleteLoginProfile');
    if (removed.accessKeyIds.length) this.call(accountId, 'iam:DeleteAccessKey');
    if (removed.signingCertificateIds.length) this.call(accountId, 'iam:DeleteSigningCertificate');
    if (removed.mfaSerialNumbers.length) this.call(accountId, 'iam:DeactivateMFADevice');
    this.roots.set(accountId, none());
    this.removedFrom.add(accountId);
    return removed;
  }
}
