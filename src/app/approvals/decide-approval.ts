import type { ApprovalRecord, Responder } from '../../ports/approvals.js';
import { notify } from '../notify.js';
import { deciderRefusal } from '../responders.js';
import type { ApprovalDeps } from './approval-deps.js';
import { releaseTask, type Settlement } from './settlement.js';
import { countApproval } from './two-person.js';

/** A responder's answer to an approval request. */
export interface ApprovalDecision {
  incidentId: string;
  step: string;
  slackUserId: string;
  decision: 'approve' | 'deny';
}

/** The result of a click: accepted (and the waiting step released) or refused with the reason. */
export type DecisionResult = { accepted: true } | { accepted: false; reason: string };

async function refuse(
  decision: ApprovalDecision,
  reason: string,
  deps: ApprovalDeps,
): Promise<DecisionResult> {
  await deps.timeline.append(decision.incidentId, {
    type: 'approval-click-rejected',
    at: deps.clock.now().toISOString(),
    actor: `slack:${decision.slackUserId}`,
    step: decision.step,
    summary: `Refused ${decision.decision} from ${decision.slackUserId}: ${reason}`,
    data: { decision: decision.decision, reason },
  });
  return { accepted: false, reason };
}

/** A settled decision, as the timeline records it and the responders' channel tells it. */
interface Settled {
  decision: ApprovalDecision;
  record: ApprovalRecord;
  responder: Responder;
  status: 'approved' | 'denied';
  approvers: string[];
  now: Date;
}

/** Journals a settled decision: who decided, and how long the step waited for them. */
async function journalDecision(
  { decision, record, responder, status, approvers, now }: Settled,
  deps: ApprovalDeps,
): Promise<void> {
  await deps.timeline.append(decision.incidentId, {
    type: 'approval-decided',
    at: now.toISOString(),
    actor: `slack:${responder.slackUserId}`,
    step: decision.step,
    summary: `${responder.name} ${status} ${decision.step}${approvers.length > 1 ? ` (the second of ${approvers.length} approvals)` : ''}`,
    data: {
      decision: status,
      responder: responder.name,
      email: responder.email,
      ...(approvers.length > 1 ? { approvedBy: approvers } : {}),
      waitedMs: now.getTime() - Date.parse(record.requestedAt),
    },
  });
}

/** Tells the channel who decided, replacing the request's message where the settlement says so. */
async function announceDecision(
  { decision, record, status, approvers, now }: Settled,
  replacesRequest: boolean,
  deps: ApprovalDeps,
): Promise<void> {
  const names = approvers.map((id) => deps.responders.find((r) => r.slackUserId === id)?.name ?? id);
  await notify(
    {
      incidentId: decision.incidentId,
      kind: 'approval-decided',
      title: `${status === 'approved' ? 'Approved' : 'Denied'}: ${record.summary}`,
      lines: [
        `${status === 'approved' ? '✅ Approved' : '⛔ Denied'} by ${names.join(' and ')} at ${now.toISOString()}`,
      ],
      drill: record.drill ?? false,
      step: decision.step,
      ...(replacesRequest ? { replaces: `approval:${decision.step}` } : {}),
    },
    deps,
  );
}

/**
 * Applies a responder's decision: only a mapped responder who is not the exposure's subject may decide, only
 * while the request is pending and before its deadline; then the waiting task is released.
 */
export async function decideApproval(
  decision: ApprovalDecision,
  deps: ApprovalDeps,
  settleWith: Settlement = releaseTask(deps),
): Promise<DecisionResult> {
  const record = await deps.approvals.get(decision.incidentId, decision.step);
  if (!record) return refuse(decision, 'no such approval request', deps);
  const responder = deps.responders.find((r) => r.slackUserId === decision.slackUserId);
  const refused = deciderRefusal(responder, record.subjectPrincipals);
  if (refused || !responder) return refuse(decision, refused ?? 'not a configured responder', deps);
  const now = deps.clock.now();
  if (record.status !== 'pending') return refuse(decision, `the request is already ${record.status}`, deps);
  if (now.getTime() > Date.parse(record.deadline)) return refuse(decision, 'the request has timed out', deps);
  const status = decision.decision === 'approve' ? 'approved' : 'denied';
  let approvers = [responder.slackUserId];
  if (status === 'approved' && (record.approversNeeded ?? 1) > 1) {
    const count = await countApproval(decision, record, responder, now, deps);
    if ('refused' in count) return refuse(decision, count.refused, deps);
    if (count.waiting) return { accepted: true };
    approvers = count.approvers;
  }
  const settled = await deps.approvals.settle(decision.incidentId, decision.step, {
    status,
    decidedBy: approvers.join(','),
    decidedAt: now.toISOString(),
  });
  if (!settled) return refuse(decision, 'the request was settled by someone else first', deps);
  const decided: Settled = { decision, record, responder, status, approvers, now };
  await journalDecision(decided, deps);
  // What was waiting is released first: the message is updated after, and its failure changes nothing.
  await settleWith.release(record, status, approvers, responder.name);
  await announceDecision(decided, settleWith.replacesRequest, deps);
  return { accepted: true };
}
