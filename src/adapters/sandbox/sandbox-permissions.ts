import type { PlannedCall } from '../../domain/actions.js';
import type { Permissions, PermissionVerdict } from '../../ports/permissions.js';
import type { SandboxAccount } from './sandbox-account.js';
import { simulatePrincipal } from './sandbox-simulator.js';

/**
 * Rekey's permissions in a sandbox: evaluated against the role Rekey acts as when the drill's account has it,
 * otherwise every call is allowed (a drill account without Rekey's role simulates a correctly deployed Rekey).
 */
export class SandboxPermissions implements Permissions {
  constructor(
    private readonly account: SandboxAccount,
    private readonly roleName = 'rekey-action',
  ) {}

  async check(calls: readonly PlannedCall[]): Promise<PermissionVerdict[]> {
    const role = this.account.roles.get(this.roleName);
    if (!role)
      return calls.map((c) => ({
        ...c,
        allowed: true,
        reason: `the drill's account has no ${this.roleName} role to check`,
      }));
    // As IAM's simulator decides it: identity policies, the permissions boundary and the account's SCPs.
    return calls.map((call) => {
      const [simulated] = simulatePrincipal(this.account, role.arn, [call.operation], [call.resource]);
      const decision = simulated?.decision ?? 'implicitDeny';
      return { ...call, allowed: decision === 'allowed', reason: decision };
    });
  }
}
