import { revokeUserSessions } from '../domain/actions.js';
import {
  iamTimestamp,
  revokeSessionsPolicy,
  revokeSessionsPolicyName,
  tokenIssueCutoff,
} from '../domain/deny-policy.js';
import { canonicalJson } from '../domain/timeline.js';
import type { Action } from './action.js';

/**
 * Denies everything to the user's sessions issued before the cut-off (`aws:TokenIssueTime`, which exists only
 * on requests signed with temporary credentials). The cut-off is planned when the step starts, which is after
 * the key is inactive, and a retry reuses the journaled plan.
 */
export const revokeUserSessionsAction: Action<typeof revokeUserSessions> = {
  descriptor: revokeUserSessions,
  plan: (_parameters, { incidentId, clock }) => ({
    policyName: revokeSessionsPolicyName(incidentId),
    issuedBefore: iamTimestamp(tokenIssueCutoff(clock.now())),
  }),
  async apply({ userName }, plan, { identity }) {
    const policyName = String(plan.policyName);
    const issuedBefore = String(plan.issuedBefore);
    const document = revokeSessionsPolicy(new Date(issuedBefore));
    const facts = { policyName, tokenIssuedBefore: issuedBefore };
    const existing = await identity.getUserPolicy(userName, policyName);
    if (existing && canonicalJson(existing) === canonicalJson(document)) {
      return {
        status: 'unchanged',
        summary: `${policyName} already denies sessions issued before ${issuedBefore}`,
        facts,
      };
    }
    await identity.putUserPolicy(userName, policyName, document);
    return {
      status: 'changed',
      summary: `${userName}'s sessions issued before ${issuedBefore} denied by inline policy ${policyName}`,
      ...(existing ? { prior: { document: existing } } : {}),
      undo: existing
        ? { operation: 'iam:PutUserPolicy', parameters: { userName, policyName, document: existing } }
        : { operation: 'iam:DeleteUserPolicy', parameters: { userName, policyName } },
      facts,
    };
  },
};
