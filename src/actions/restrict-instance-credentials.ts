import { restrictInstanceCredentials } from '../domain/actions.js';
import { type InstanceDenyShape, restrictInstanceCredentialsPolicy } from '../domain/instance-deny.js';
import type { Action, ActionResult } from './action.js';
import { type DenyBefore, observeDeny, placeDeny } from './deny-placement.js';
import { containable } from './guard.js';
import { describeSurvey, type RoleSurvey, surveyRole } from './instance-survey.js';

/** Which parts of the restriction to write: in `proven` scope, only those the survey proves harmless. */
function shapeOf({ egress }: RoleSurvey, scope: 'proven' | 'full'): InstanceDenyShape {
  return {
    endpoints: scope === 'full' || egress.unprovenEndpoints.length === 0,
    checkAddress: egress.checkAddress,
    internet: scope === 'full' || egress.unprovenEgress.length === 0,
    addresses: egress.addresses,
  };
}

function summaryOf(roleName: string, survey: RoleSurvey, shape: InstanceDenyShape, heldBack: string[]) {
  const unproven = [...survey.egress.unprovenEndpoints, ...survey.egress.unprovenEgress];
  const where = describeSurvey(roleName, survey);
  const parts = [
    ...(shape.endpoints ? ["through another VPC's endpoints"] : []),
    ...(shape.internet ? ['over the internet from elsewhere'] : []),
  ];
  const done =
    parts.length === 2
      ? `${roleName}'s instance credentials denied away from their instances (${where})`
      : parts.length === 1
        ? `${roleName}'s instance credentials denied ${parts[0]} only (${where})`
        : `${roleName}'s instance credentials left unrestricted for now (${where})`;
  if (heldBack.length > 0)
    return `${done}; held back for a responder, as Rekey cannot prove it harmless: ${heldBack.join('; ')}`;
  return unproven.length > 0
    ? `${done}; as decided, although Rekey could not prove: ${unproven.join('; ')}`
    : done;
}

/**
 * For stolen instance-role credentials: revoking the role's sessions would break the workload for hours, so the
 * first step binds the role's instance credentials to the instances they were delivered to, in AWS's data-perimeter
 * shape, for every instance of the role at once: through a VPC endpoint only from the credential's own VPC (and
 * address), over the internet only from where the role's instances leave their VPCs, as EC2 describes them now.
 * In `proven` scope a part Rekey cannot prove harmless is held back (fact `complete` false) for a responder.
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
  async apply({ roleName, instanceId, scope }, plan, context): Promise<ActionResult> {
    const role = await containable({ kind: 'role', name: roleName }, context);
    const survey = await surveyRole(roleName, context);
    const { egress, instances } = survey;
    const shape = shapeOf(survey, scope);
    const heldBack = [
      ...(shape.endpoints ? [] : egress.unprovenEndpoints),
      ...(shape.internet ? [] : egress.unprovenEgress),
    ];
    const facts = {
      instances: instances.map((i) => i.instanceId),
      vpcIds: [...new Set(instances.map((i) => i.vpcId))],
      addresses: egress.addresses,
      checkAddress: egress.checkAddress,
      endpoints: shape.endpoints,
      internet: shape.internet,
      complete: heldBack.length === 0,
      heldBack,
      ...(instanceId && !instances.some((i) => i.instanceId === instanceId)
        ? { instanceGone: instanceId }
        : {}),
    };
    const summary = summaryOf(roleName, survey, shape, heldBack);
    const document = restrictInstanceCredentialsPolicy(shape);
    if (!document) return { status: 'unchanged', summary, facts };
    const placed = await placeDeny(
      role,
      String(plan.policyName),
      document,
      context,
      (plan.before as { deny?: DenyBefore } | undefined)?.deny,
    );
    return { ...placed, summary, facts: { ...placed.facts, ...facts } };
  },
};
