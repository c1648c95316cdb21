import { AccessDeniedError } from '../../domain/errors.js';
import type { RootAccess, RootCredentials } from '../../ports/root-access.js';

const none = (): RootCredentials => ({
  loginProfile: false,
  accessKeyIds: [],
  mfaSerialNumbers: [],
  signingCertificateIds: [],
});

/**
 * Centralised root access over an organisation in memory. As in AWS, a privileged root session can only target a
 * member account: AssumeRoot on the management account is refused.
 */
export class SandboxRootAccess implements RootAccess {
  readonly roots = new Map<string, RootCredentials>();

  constructor(
    private readonly management: string,
    roots: Record<string, Partial<RootCredentials>> = {},
  ) {
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

  async credentials(accountId: string): Promise<RootCredentials> {
    return structuredClone(this.root(accountId));
  }

  async deleteCredentials(accountId: string): Promise<RootCredentials> {
    const removed = structuredClone(this.root(accountId));
    this.roots.set(accountId, none());
    return removed;
  }
}
