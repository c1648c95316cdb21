import type { Clock } from '../domain/clock.js';
import { describeExposure } from '../domain/exposure.js';
import type { Incident } from '../domain/incident.js';
import type { ApprovalStore, Responder } from '../ports/approvals.js';
import type { Notifier } from '../ports/notifier.js';
import type { TimelineStore } from '../ports/timeline-store.js';
import type { Workflow } from '../ports/workflow.js';

/** The error name a denied approval fails its task with; playbooks catch it. */
export const APPROVAL_DENIED = 'ApprovalDeniedError';

/** What asking for and recording approvals needs. */
export interface ApprovalDeps {
  approvals: ApprovalStore;
  notifier: Notifier;
  timeline: TimelineStore;
  workflow: Workflow;
  clock: Clock;
  responders: readonly Responder[];
}

/** An approval request from a playbook step waiting on a task token. */
export interface ApprovalRequest {
  incident: Incident;
  step: string;
  taskToken: string;
  summary: string;
  timeoutSeconds: number;
}

/** Writes the request to the timeline, records it (the token stays here, server side), and asks the responders. */
export async function requestApproval(
  request: ApprovalRequest,
  deps: Pick<ApprovalDeps, 'approvals' | 'notifier' | 'timeline' | 'clock'>,
): Promise<void> {
  const { incident, step } = request;
  const now = deps.clock.now();
  const deadline = new Date(now.getTime() + request.timeoutSeconds * 1000).toISOString();
  await deps.timeline.append(incident.id, {
    type: 'approval-requested',
    at: now.toISOString(),
    actor: 'rekey:approval',
    step,
    summary: `Approval requested: ${request.summary} (answer by ${deadline.slice(0, 19)}Z)`,
    data: { deadline, timeoutSeconds: request.timeoutSeconds },
  });
  await deps.approvals.put({
    incidentId: incident.id,
    step,
    taskToken: request.taskToken,
    requestedAt: now.toISOString(),
    deadline,
    summary: request.summary,
    subjectPrincipals: [incident.exposure.principal.arn],
    status: 'pending',
  });
  await deps.notifier.send({
    incidentId: incident.id,
    kind: 'approval-requested',
    title: `Approve: ${request.summary}`,
    lines: [
      `Incident ${incident.id}: ${describeExposure(incident.exposure)} (${incident.exposure.principal.arn})`,
      `Answer by ${deadline}`,
    ],
    drill: incident.drill,
  });
}

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

/**
 * Applies a responder's decision: only a mapped responder who is not the exposure's subject may decide, only
 * while the request is pending and before its deadline; then the waiting task is released.
 */
export async function decideApproval(
  decision: ApprovalDecision,
  deps: ApprovalDeps,
): Promise<DecisionResult> {
  const record = await deps.approvals.get(decision.incidentId, decision.step);
  if (!record) return refuse(decision, 'no such approval request', deps);
  const responder = deps.responders.find((r) => r.slackUserId === decision.slackUserId);
  if (!responder) return refuse(decision, 'not a configured responder', deps);
  if (responder.principals.some((p) => record.subjectPrincipals.includes(p))) {
    return refuse(decision, `${responder.name} is mapped to the exposed principal and may not decide`, deps);
  }
  const now = deps.clock.now();
  if (record.status !== 'pending') return refuse(decision, `the request is already ${record.status}`, deps);
  if (now.getTime() > Date.parse(record.deadline)) return refuse(decision, 'the request has timed out', deps);
  const status = decision.decision === 'approve' ? 'approved' : 'denied';
  const settled = await deps.approvals.settle(decision.incidentId, decision.step, {
    status,
    decidedBy: responder.slackUserId,
    decidedAt: now.toISOString(),
  });
  if (!settled) return refuse(decision, 'the request was settled by someone else first', deps);
  await deps.timeline.append(decision.incidentId, {
    type: 'approval-decided',
    at: now.toISOString(),
    actor: `slack:${responder.slackUserId}`,
    step: decision.step,
    summary: `${responder.name} ${status} ${decision.step}`,
    data: {
      decision: status,
      responder: responder.name,
      email: responder.email,
      waitedMs: now.getTime() - Date.parse(record.requestedAt),
    },
  });
  if (status === 'approved') {
    await deps.workflow.sendTaskSuccess(record.taskToken, {
      approvedBy: responder.slackUserId,
      approvedAt: now.toISOString(),
    });
  } else {
    await deps.workflow.sendTaskFailure(record.taskToken, APPROVAL_DENIED, `denied by ${responder.name}`);
  }
  return { accepted: true };
}

/** Records that nobody answered in time (the state machine's timeout catcher calls this). */
export async function recordApprovalTimeout(
  incidentId: string,
  step: string,
  deps: Pick<ApprovalDeps, 'approvals' | 'timeline' | 'clock'>,
): Promise<void> {
  const now = deps.clock.now();
  await deps.approvals.settle(incidentId, step, { status: 'timed-out', decidedAt: now.toISOString() });
  await deps.timeline.append(incidentId, {
    type: 'approval-timed-out',
    at: now.toISOString(),
    actor: 'rekey:approval',
    step,
    summary: `Nobody answered the approval for ${step} in time`,
  });
}
