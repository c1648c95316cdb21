import { restrictInstanceCredentials } from '../domain/actions.js';
import { ConfigurationError, NotContainableError } from '../domain/errors.js';
import { restrictToNetworkPolicy } from '../domain/instance-deny.js';
import type { Action } from './action.js';
import { type DenyBefore, observeDeny, placeDeny } from './deny-placement.js';
import { containable } from './guard.js';

/**
 * For stolen instance-role credentials: revoking the role's sessions would break the workload for hours, so the
 * first step denies only requests that come neither through the instance's VPC nor from its NAT or public
 * addresses, learned from EC2 (the Network port).
 */
export const restrictInstanceCredentialsAction: Action<typeof restrictInstanceCredentials> = {
  descriptor: restrictInstanceCredentials,
  plan: (_parameters, { incidentId }) => ({ policyName: `rekey-restrict-instance-${incidentId}` }),
  observe: async ({ roleName }, plan, context) => ({
    deny: await observeDeny({ kind: 'role', name: roleName }, String(plan.policyName), context),
  }),
  async calls({ roleName }, _plan, context) {
    const role = await containable({ kind: 'role', name: roleName }, context);
    return [{ operation: 'iam:PutRolePolicy', resource: role.arn }];
  },
  async apply({ roleName, instanceId }, plan, context) {
    if (!context.network)
      throw new ConfigurationError('this deployment gives Rekey no EC2 access to learn the instance network');
    const role = await containable({ kind: 'role', name: roleName }, context);
    const instance = await context.network.describeInstance(instanceId);
    if (!instance)
      throw new NotContainableError(
        `instance ${instanceId} no longer exists: its network cannot be told apart, revoke the sessions instead`,
      );
    const addresses = [
      ...(await context.network.natAddresses(instance.vpcId)),
      ...(instance.publicIp ? [instance.publicIp] : []),
    ];
    const placed = await placeDeny(
      role,
      String(plan.policyName),
      restrictToNetworkPolicy([instance.vpcId], addresses),
      context,
      (plan.before as { deny?: DenyBefore } | undefined)?.deny,
    );
    const origin = [instance.vpcId, ...addresses].join(', ');
    return {
      ...placed,
      summary:
        placed.status === 'unchanged'
          ? `${roleName} was already restricted to ${origin}`
          : `${roleName}'s credentials denied away from ${instanceId}'s network (${origin})`,
      facts: { ...placed.facts, vpcId: instance.vpcId, addresses },
    };
  },
};
