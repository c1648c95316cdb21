import { checkRootContainment } from '../domain/actions.js';
import type { Action } from './action.js';
import { requireMemberAccount } from './contain-root.js';

/**
 * Finds out, before anyone is asked to approve, whether Rekey can contain this account's root: it needs the
 * management-account role, and the account must be a member (nothing reaches the management account's root).
 */
export const checkRootContainmentAction: Action<typeof checkRootContainment> = {
  descriptor: checkRootContainment,
  plan: () => ({}),
  async calls() {
    return [];
  },
  async apply({ accountId }, _plan, context) {
    await requireMemberAccount(accountId, context);
    const managementAccountId = await context.organizations?.managementAccountId();
    return {
      status: 'unchanged',
      summary: `${accountId} is a member of the organisation managed from ${managementAccountId}: an SCP can contain its root`,
      facts: { managementAccountId },
    };
  },
};
