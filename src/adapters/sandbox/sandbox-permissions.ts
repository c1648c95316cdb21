import type { PlannedCall } from '../../domain/actions.js';
import { evaluatePolicies } from '../../domain/policy-evaluator.js';
import type { Permissions, PermissionVerdict } from '../../ports/permissions.js';
import type { SandboxAccount } from './sandbox-account.js';

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
    const policies = [
      ...[...role.inlinePolicies].map(([name, document]) => ({ name, document })),
      ...role.managedPolicies.flatMap((arn) => {
        const document = this.account.managedPolicy(arn);
        return document ? [{ name: arn, document }] : [];
      }),
    ];
    return calls.map((call) => {
      const decision = evaluatePolicies(policies, {
        action: call.operation,
        resource: call.resource,
        context: { 'aws:PrincipalArn': role.arn },
      });
      return { ...call, allowed: decision.effect === 'allow', reason: decision.effect };
    });
  }
}
