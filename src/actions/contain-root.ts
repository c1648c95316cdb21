import { containRoot } from '../domain/actions.js';
import { AccessDeniedError, NotContainableError, PolicyQuotaExceededError } from '../domain/errors.js';
import type { PolicyDocument } from '../domain/policy-document.js';
import type { RootCredentials } from '../ports/root-access.js';
import type { Action, ActionContext, ActionResult } from './action.js';

/**
 * The SCP that denies a member account's root everything, in AWS's shape: except in centralised root access
 * sessions (`aws:AssumedRoot`, present only in them): SCPs bind those sessions too, so without the exemption Rekey's
 * own removal of the root's credentials, and any recovery through sts:AssumeRoot, is refused while it is attached.
 */
export const DENY_ROOT_SCP: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'RekeyDenyRoot',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: {
        ArnLike: { 'aws:PrincipalArn': 'arn:*:iam::*:root' },
        Null: { 'aws:AssumedRoot': 'true' },
      },
    },
  ],
};

/** Refuses, with the reason, when only people can contain this root: no management role, or the management account. */
export async function requireMemberAccount(accountId: string, context: ActionContext): Promise<void> {
  if (!context.organizations)
    throw new NotContainableError(
      `Rekey has no management-account role: the root of ${accountId} must be contained by people`,
    );
  if ((await context.organizations.managementAccountId()) === accountId) {
    throw new NotContainableError(
      `${accountId} is the management account: neither SCPs nor centralised root access reach its root, which only people can contain`,
    );
  }
}

async function denyBySCP(
  accountId: string,
  policyName: string,
  context: ActionContext,
  attachedBefore: boolean | undefined,
): Promise<ActionResult> {
  const organizations = context.organizations;
  if (!organizations) throw new Error('unreachable: checked by requireMemberAccount');
  const attached = (await organizations.attachedPolicies(accountId)).find((p) => p.name === policyName);
  if (attached && attachedBefore === false) {
    // An earlier attempt of this step attached it: still this step's change, and still undone with it.
    return {
      status: 'changed',
      summary: `the root user of ${accountId} denied everything by SCP ${policyName} (by an earlier attempt)`,
      undo: {
        operation: 'organizations:DetachAndDeletePolicy',
        parameters: { policyId: attached.policyId, accountId },
      },
      facts: { policyId: attached.policyId, policyName },
    };
  }
  if (attached)
    return { status: 'unchanged', summary: `the root of ${accountId} was already denied by ${policyName}` };
  // A retry may find the policy it created before attaching failed: reuse it rather than fail on its name.
  const existing = await organizations.findPolicy(policyName);
  const policyId =
    existing ??
    (await organizations.createServiceControlPolicy(
      policyName,
      DENY_ROOT_SCP,
      `Rekey ${context.incidentId}: deny the root user`,
    ));
  try {
    await organizations.attachPolicy(policyId, accountId);
  } catch (error) {
    if (!(error instanceof PolicyQuotaExceededError)) throw error;
    await organizations.deletePolicy(policyId).catch(() => undefined);
    throw new NotContainableError(
      `${accountId} already has the most SCPs AWS allows attached to it: its root must be contained by people`,
    );
  }
  return {
    status: 'changed',
    summary: `the root user of ${accountId} denied everything by SCP ${policyName}`,
    undo: { operation: 'organizations:DetachAndDeletePolicy', parameters: { policyId, accountId } },
    facts: { policyId, policyName },
  };
}

const inventoryText = (c: RootCredentials): string =>
  [
    c.loginProfile ? 'its password' : '',
    c.accessKeyIds.length ? `access keys ${c.accessKeyIds.join(', ')}` : '',
    c.signingCertificateIds.length ? `${c.signingCertificateIds.length} signing certificate(s)` : '',
    c.mfaSerialNumbers.length ? `MFA ${c.mfaSerialNumbers.join(', ')} (deactivated)` : '',
  ]
    .filter(Boolean)
    .join('; ');

async function deleteCredentials(accountId: string, context: ActionContext): Promise<ActionResult> {
  const rootAccess = context.rootAccess;
  if (!rootAccess)
    throw new NotContainableError(
      `Rekey has no centralised root access: the credentials of ${accountId}'s root must be removed by people`,
    );
  const removed = await rootAccess.deleteCredentials(accountId).catch((error: unknown) => {
    if (!(error instanceof AccessDeniedError)) throw error;
    // SCPs bind root sessions too: an SCP of the organisation's that denies the root without the exemption.
    throw new NotContainableError(
      `the root session in ${accountId} was refused (${error.message}): an SCP that denies the root user binds these sessions too unless it exempts them (a Null condition on aws:AssumedRoot, as AWS's example does); until it does, people must remove the root's credentials`,
      { cause: error },
    );
  });
  const what = inventoryText(removed);
  if (!what)
    return { status: 'unchanged', summary: `the root user of ${accountId} already had no credentials` };
  // No undo: deleted credentials cannot be put back; the account's owner recovers root through password recovery.
  return {
    status: 'changed',
    summary: `the root user of ${accountId} lost ${what}`,
    facts: { removed },
  };
}

/**
 * Contains a member account's root user through the management-account (or delegated administrator) role, always
 * behind approval: by default an SCP that denies the root everything (reversible), or with `delete-credentials`
 * the removal of its password, keys, certificates and MFA through centralised root access (sts:AssumeRoot).
 * Without that role, and for the management account itself, it escalates.
 */
export const containRootAction: Action<typeof containRoot> = {
  descriptor: containRoot,
  plan: (_parameters, { incidentId }) => ({ policyName: `rekey-deny-root-${incidentId}` }),
  observe: async ({ accountId, method }, plan, context) =>
    method === 'scp' && context.organizations
      ? {
          attached: (await context.organizations.attachedPolicies(accountId)).some(
            (p) => p.name === String(plan.policyName),
          ),
        }
      : undefined,
  async calls({ accountId, method }) {
    if (method === 'delete-credentials') {
      const root = `arn:aws:iam::${accountId}:root`;
      return [
        { operation: 'sts:AssumeRoot', resource: root },
        { operation: 'iam:DeleteLoginProfile', resource: root },
        { operation: 'iam:DeleteAccessKey', resource: root },
        { operation: 'iam:DeleteSigningCertificate', resource: root },
        { operation: 'iam:DeactivateMFADevice', resource: root },
      ];
    }
    return [
      { operation: 'organizations:CreatePolicy', resource: '*' },
      { operation: 'organizations:AttachPolicy', resource: accountId },
    ];
  },
  async apply({ accountId, method }, plan, context) {
    await requireMemberAccount(accountId, context);
    return method === 'delete-credentials'
      ? deleteCredentials(accountId, context)
      : denyBySCP(
          accountId,
          String(plan.policyName),
          context,
          (plan.before as { attached?: boolean } | undefined)?.attached,
        );
  },
};
