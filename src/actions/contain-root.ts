import { containRoot } from '../domain/actions.js';
import { NotContainableError } from '../domain/errors.js';
import type { PolicyDocument } from '../domain/policy-document.js';
import type { Action } from './action.js';

const denyRoot: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'RekeyDenyRoot',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } },
    },
  ],
};

/**
 * Denies a member account's root user everything, with a service control policy attached to that account
 * through the management-account (or delegated administrator) role. Always behind approval. Without that role,
 * and for the management account itself (SCPs do not apply to it), it escalates.
 */
export const containRootAction: Action<typeof containRoot> = {
  descriptor: containRoot,
  plan: (_parameters, { incidentId }) => ({ policyName: `rekey-deny-root-${incidentId}` }),
  async calls({ accountId }) {
    return [
      { operation: 'organizations:CreatePolicy', resource: '*' },
      { operation: 'organizations:AttachPolicy', resource: accountId },
    ];
  },
  async apply({ accountId }, plan, context) {
    const organizations = context.organizations;
    if (!organizations)
      throw new NotContainableError(
        `Rekey has no management-account role: the root of ${accountId} must be contained by people`,
      );
    const management = await organizations.managementAccountId();
    if (management === accountId) {
      throw new NotContainableError(
        `${accountId} is the management account: SCPs do not apply to its root, which only people can contain`,
      );
    }
    const policyName = String(plan.policyName);
    const attached = (await organizations.attachedPolicies(accountId)).find((p) => p.name === policyName);
    if (attached)
      return { status: 'unchanged', summary: `the root of ${accountId} was already denied by ${policyName}` };
    const policyId = await organizations.createServiceControlPolicy(
      policyName,
      denyRoot,
      `Rekey ${context.incidentId}: deny the root user`,
    );
    await organizations.attachPolicy(policyId, accountId);
    return {
      status: 'changed',
      summary: `the root user of ${accountId} denied everything by SCP ${policyName}`,
      undo: { operation: 'organizations:DetachAndDeletePolicy', parameters: { policyId, accountId } },
      facts: { policyId, policyName },
    };
  },
};
