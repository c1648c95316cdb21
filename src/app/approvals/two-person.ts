import type { ApprovalRecord, Responder } from '../../ports/approvals.js';
import type { ApprovalDeps } from './approval-deps.js';

/** How a two-person step stands after one approval: refused, still waiting for another responder, or complete. */
export type TwoPersonCount =
  | { refused: string }
  | { waiting: true }
  | { waiting: false; approvers: string[] };

/**
 * Counts one responder's approval of a two-person step: each approval is added once per responder; only the last
 * one releases the step, and an earlier one is journaled as recorded, waiting for another responder.
 */
export async function countApproval(
  { incidentId, step }: { incidentId: string; step: string },
  record: ApprovalRecord,
  responder: Responder,
  now: Date,
  deps: Pick<ApprovalDeps, 'approvals' | 'timeline'>,
): Promise<TwoPersonCount> {
  const needed = record.approversNeeded ?? 1;
  if (!(await deps.approvals.addApproval(incidentId, step, responder.slackUserId, responder.email)))
    return { refused: `${responder.name} has approved already: a different responder must approve too` };
  const approvers = (await deps.approvals.get(incidentId, step))?.approvedBy ?? [responder.slackUserId];
  if (approvers.length >= needed) return { waiting: false, approvers };
  await deps.timeline.append(incidentId, {
    type: 'approval-decided',
    at: now.toISOString(),
    actor: `slack:${responder.slackUserId}`,
    step,
    summary: `${responder.name} approved ${step} (${approvers.length} of ${needed}: another responder must approve)`,
    data: {
      decision: 'approval-recorded',
      responder: responder.name,
      email: responder.email,
      approvals: approvers.length,
      approversNeeded: needed,
      waitedMs: now.getTime() - Date.parse(record.requestedAt),
    },
  });
  return { waiting: true };
}
