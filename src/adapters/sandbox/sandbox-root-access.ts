import { AccessDeniedError } from '../../domain/errors.js';
import { authorizeRequest } from '../../domain/request-authorization.js';
import type { RootAccess, RootCredentials } from '../../ports/root-access.js';
import { awsManagedPolicy } from './aws-managed-policies.js';
import { ANYTHING } from './call-verdict.js';
import { stableId } from './sandbox-cloudtrail.js';
import type { TrailedCall } from './sandbox-model.js';
import type { SandboxOrganizations } from './sandbox-organizations.js';

/** The task policy Rekey's AssumeRoot passes (as the AWS adapter does): it denies all but the root's credentials. */
const TASK_POLICY = 'arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials';

/** An account whose call log records calls (the drill's `apiCalls`) and writes Rekey's to CloudTrail. */
interface CallRecorder {
  readonly id: string;
  record(operation: string, target: string, trail?: TrailedCall): void;
  refused?(operation: string, target: string, message: string, trail?: TrailedCall): void;
}

/**
 * A privileged root session's calls in its member account, as CloudTrail names the caller: the account's root user
 * (type Root), signed with the session's temporary key.
 */
const rootSession = (accountId: string): TrailedCall => ({
  service: 'iam',
  userIdentity: {
    type: 'Root',
    principalId: accountId,
    arn: `arn:aws:iam::${accountId}:root`,
    accountId,
    accessKeyId: stableId('ASIA', `arn:aws:iam::${accountId}:root`),
  },
});

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
 * member account (AssumeRoot on the management account is refused), and it is the member account's root user scoped
 * by the task policy: IAM's evaluator decides each call with the task policy's denies and the account's SCP levels
 * (an allow-list must list the call), with `aws:PrincipalArn` the root's ARN and `aws:AssumedRoot` `true` (the key
 * that lets an SCP exempt these sessions). CloudTrail records AssumeRoot in the calling (management) account and
 * the session's calls in the member account ("Track privileged tasks in AWS CloudTrail"): so do the call logs.
 */
export class SandboxRootAccess implements RootAccess {
  readonly roots = new Map<string, RootCredentials>();
  /** The accounts whose root credentials a root session removed. */
  readonly removedFrom = new Set<string>();
  private readonly recorders = new Map<string, CallRecorder>();

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

  /** Records the calls made in (or, for AssumeRoot, from) this account in its call log. */
  recordIn(account: CallRecorder): void {
    this.recorders.set(account.id, account);
  }

  private root(accountId: string): RootCredentials {
    const management = this.recorders.get(this.management);
    // Rekey's role calls AssumeRoot in the management account, at a regional STS endpoint.
    const trail = {
      service: 'sts',
      requestParameters: { targetPrincipal: accountId, taskPolicyArn: { arn: TASK_POLICY } },
    };
    if (accountId === this.management) {
      const message = `AssumeRoot: ${accountId} is the management account, not a member account`;
      management?.refused?.('AssumeRoot', accountId, message, trail);
      throw new AccessDeniedError(message);
    }
    management?.record('AssumeRoot', accountId, trail);
    let root = this.roots.get(accountId);
    if (!root) {
      root = none();
      this.roots.set(accountId, root);
    }
    return root;
  }

  /** A call of the root session, recorded in the member account, refused as IAM refuses it. */
  private call(accountId: string, action: string): void {
    const root = `arn:aws:iam::${accountId}:root`;
    const operation = action.split(':')[1] ?? action;
    const recorder = this.recorders.get(accountId);
    const decision = authorizeRequest({
      principal: { arn: root, accountId },
      action,
      resource: root,
      context: {
        'aws:PrincipalArn': root,
        'aws:PrincipalAccount': accountId,
        'aws:PrincipalType': 'Account',
        'aws:AssumedRoot': 'true',
      },
      identityPolicies: [ANYTHING, { name: TASK_POLICY, document: awsManagedPolicy(TASK_POLICY) }],
      serviceControlPolicies: this.organizations?.controlLevels(accountId) ?? [],
    });
    if (decision.effect === 'allow') {
      recorder?.record(operation, root, rootSession(accountId));
      return;
    }
    const why =
      decision.effect === 'explicit-deny'
        ? `with an explicit deny in ${decision.kind === 'service-control' ? 'a service control' : 'the task'} policy (${decision.policy})`
        : 'because no service control policy allows it';
    const message = `User: ${root} is not authorized to perform: ${action} on resource: ${root} ${why}`;
    recorder?.refused?.(operation, root, message, rootSession(accountId));
    throw new AccessDeniedError(message);
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
