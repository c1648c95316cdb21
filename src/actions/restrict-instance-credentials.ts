import { restrictInstanceCredentials } from '../domain/actions.js';
import { NotContainableError } from '../domain/errors.js';
import { restrictInstanceCredentialsPolicy } from '../domain/instance-deny.js';
import type { Action } from './action.js';
import { type DenyBefore, observeDeny, placeDeny } from './deny-placement.js';
import { containable } from './guard.js';
import { describeSurvey, surveyFacts, surveyRole } from './instance-survey.js';

/**
 * For stolen instance-role credentials: revoking the role's sessions would break the workload for hours, so the
 * first step binds the role's instance credentials to the instances they were delivered to, in AWS's data-perimeter
 * shape, for every instance of the role at once: through a VPC endpoint only from the credential's own VPC (and
 * address), over the internet only from where the role's instances leave their VPCs, as EC2 describes them now.
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
  async apply({ roleName, instanceId, onlyIfHarmless }, plan, context) {
    const role = await containable({ kind: 'role', name: roleName }, context);
    const survey = await surveyRole(roleName, context);
    const { egress, instances } = survey;
    if (onlyIfHarmless && egress.unproven.length > 0)
      throw new NotContainableError(
        `the network of ${roleName}'s instances changed since the survey and a restriction may now cut one off: ${egress.unproven.join('; ')}`,
      );
    const placed = await placeDeny(
      role,
      String(plan.policyName),
      restrictInstanceCredentialsPolicy(egress),
      context,
      (plan.before as { deny?: DenyBefore } | undefined)?.deny,
    );
    const gone = instanceId && !instances.some((i) => i.instanceId === instanceId);
    const where = describeSurvey(roleName, survey);
    return {
      ...placed,
      summary:
        placed.status === 'unchanged'
          ? `${roleName}'s instance credentials were already bound to their instances (${where})`
          : `${roleName}'s instance credentials denied away from their instances (${where})${gone ? `; ${instanceId} no longer holds the role` : ''}`,
      facts: { ...placed.facts, ...surveyFacts(survey) },
    };
  },
};
