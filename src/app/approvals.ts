import type { Clock } from '../domain/clock.js';
import { describeExposure } from '../domain/exposure.js';
import type { Incident } from '../domain/incident.js';
import type { ApprovalRecord, ApprovalStore, Responder } from '../ports/approvals.js';
import type { Notifier } from '../ports/notifier.js';
import type { TimelineStore } from '../ports/timeline-store.js';
import type { Workflow } from '../ports/workflow.js';
import { notify } from './notify.js';
import { deciderRefusal, subjectPrincipalsOf } from './responders.js';

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
  /** Two for a two-person step. */
  approversNeeded?: number;
  /** The Step Functions execution waiting on the token (its ARN when deployed), for a link. */
  executionId?: string;
  /** Who else each change affects. */
  blastRadius?: string[];
  /** What the earlier step whose fact could have approved it found: why a person is asked. */
  found?: string;
  /** For a step run once per element of a list: the elements it will change. */
  items?: unknown[];
}

/** An element a step will change, in a few words: its own names, less when, by what and by which call it was found. */
function itemLine(item: unknown): string {
  if (typeof item !== 'object' || item === null) return String(item);
  const provenance = new Set(['at', 'by', 'call']);
  return Object.entries(item)
    .filter(([key, value]) => !provenance.has(key) && (typeof value === 'string' || Array.isArray(value)))
    .map(([, value]) => (Array.isArray(value) ? value.join(', ') : value))
    .join(' ');
}

/** At most this many elements are listed in the request; the count says how many more. */
const ITEMS_SHOWN = 10;

/** The console link of a deployed execution; nothing for a local one. */
export function executionLink(executionId: string | undefined): { text: string; url: string } | undefined {
  const region = executionId?.match(/^arn:aws[\w-]*:states:([a-z0-9-]+):\d{12}:execution:/)?.[1];
  if (!region || !executionId) return undefined;
  return {
    text: 'Step Functions execution',
    url: `https://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/${encodeURIComponent(executionId)}`,
  };
}

/** Writes the request to the timeline, records it (the token stays here, server side), and asks the responders. */
export async function requestApproval(
  request: ApprovalRequest,
  deps: Pick<ApprovalDeps, 'approvals' | 'notifier' | 'timeline' | 'clock'>,
): Promise<void> {
  const { incident, step } = request;
  const now = deps.clock.now();
  const deadline = new Date(now.getTime() + request.timeoutSeconds * 1000).toISOString();
  const needed = request.approversNeeded ?? 1;
  await deps.timeline.append(incident.id, {
    type: 'approval-requested',
    at: now.toISOString(),
    actor: 'rekey:approval',
    step,
    summary: `Approval requested${needed > 1 ? ` from ${needed} different responders` : ''}: ${request.summary} (answer by ${deadline.slice(0, 19)}Z)`,
    data: { deadline, timeoutSeconds: request.timeoutSeconds, approversNeeded: needed },
  });
  await deps.approvals.put({
    incidentId: incident.id,
    step,
    taskToken: request.taskToken,
    requestedAt: now.toISOString(),
    deadline,
    summary: request.summary,
    subjectPrincipals: subjectPrincipalsOf(incident.exposure),
    status: 'pending',
    approversNeeded: needed,
    drill: incident.drill,
  });
  const link = executionLink(request.executionId);
  await notify(
    {
      incidentId: incident.id,
      kind: 'approval-requested',
      title: `Approve: ${request.summary}`,
      lines: [
        `Incident ${incident.id}: ${describeExposure(incident.exposure)} (${incident.exposure.principal.arn})`,
        `What it changes: ${request.summary}`,
        ...(request.blastRadius ?? []).map((r) => `Blast radius: ${r}`),
        ...(request.found ? [`Rekey found: ${request.found}`] : []),
        ...(request.items
          ? [
              `Each of ${request.items.length}: ${request.items.slice(0, ITEMS_SHOWN).map(itemLine).join('; ')}${request.items.length > ITEMS_SHOWN ? `; and ${request.items.length - ITEMS_SHOWN} more` : ''}`,
            ]
          : []),
        needed > 1 ? `Needs ${needed} different responders` : 'Needs one responder',
        `Answer by ${deadline}`,
      ],
      drill: incident.drill,
      step,
      actions: [
        { kind: 'approve', step },
        { kind: 'deny', step },
      ],
      key: `approval:${step}`,
      ...(link ? { link } : {}),
    },
    deps,
  );
}

/** A responder's answer to an approval request. */
export interface ApprovalDecision {
  incidentId: string;
  step: string;
  slackUserId: string;
  decision: 'approve' | 'deny';
}

/** What a settled decision releases, and whether its message replaces the request's. */
export interface Settlement {
  release(
    record: ApprovalRecord,
    status: 'approved' | 'denied',
    approvers: string[],
    decidedBy: string,
  ): Promise<void>;
  replacesRequest: boolean;
}

/** A playbook's approval: the waiting task succeeds, or fails with ApprovalDeniedError. */
function releaseTask(deps: Pick<ApprovalDeps, 'workflow' | 'clock'>): Settlement {
  return {
    replacesRequest: true,
    async release(record, status, approvers, decidedBy) {
      if (status === 'approved')
        await deps.workflow.sendTaskSuccess(record.taskToken, {
          approvedBy: approvers.join(','),
          approvedAt: deps.clock.now().toISOString(),
        });
      else await deps.workflow.sendTaskFailure(record.taskToken, APPROVAL_DENIED, `denied by ${decidedBy}`);
    },
  };
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
  const needed = record.approversNeeded ?? 1;
  let approvers = [responder.slackUserId];
  if (status === 'approved' && needed > 1) {
    // A two-person step: each approval is added once per responder; only the last one releases the step.
    if (
      !(await deps.approvals.addApproval(
        decision.incidentId,
        decision.step,
        responder.slackUserId,
        responder.email,
      ))
    )
      return refuse(
        decision,
        `${responder.name} has approved already: a different responder must approve too`,
        deps,
      );
    approvers = (await deps.approvals.get(decision.incidentId, decision.step))?.approvedBy ?? approvers;
    if (approvers.length < needed) {
      await deps.timeline.append(decision.incidentId, {
        type: 'approval-decided',
        at: now.toISOString(),
        actor: `slack:${responder.slackUserId}`,
        step: decision.step,
        summary: `${responder.name} approved ${decision.step} (${approvers.length} of ${needed}: another responder must approve)`,
        data: {
          decision: 'approval-recorded',
          responder: responder.name,
          email: responder.email,
          approvals: approvers.length,
          approversNeeded: needed,
          waitedMs: now.getTime() - Date.parse(record.requestedAt),
        },
      });
      return { accepted: true };
    }
  }
  const settled = await deps.approvals.settle(decision.incidentId, decision.step, {
    status,
    decidedBy: approvers.join(','),
    decidedAt: now.toISOString(),
  });
  if (!settled) return refuse(decision, 'the request was settled by someone else first', deps);
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
  // What was waiting is released first: the message is updated after, and its failure changes nothing.
  await settleWith.release(record, status, approvers, responder.name);
  await notify(
    {
      incidentId: decision.incidentId,
      kind: 'approval-decided',
      title: `${status === 'approved' ? 'Approved' : 'Denied'}: ${record.summary}`,
      lines: [
        `${status === 'approved' ? '✅ Approved' : '⛔ Denied'} by ${approvers
          .map((id) => deps.responders.find((r) => r.slackUserId === id)?.name ?? id)
          .join(' and ')} at ${now.toISOString()}`,
      ],
      drill: record.drill ?? false,
      step: decision.step,
      ...(settleWith.replacesRequest ? { replaces: `approval:${decision.step}` } : {}),
    },
    deps,
  );
  return { accepted: true };
}

/** Records that nobody answered in time (the state machine's timeout catcher calls this). */
export async function recordApprovalTimeout(
  incidentId: string,
  step: string,
  deps: Pick<ApprovalDeps, 'approvals' | 'timeline' | 'clock' | 'notifier'>,
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
  const record = await deps.approvals.get(incidentId, step);
  await notify(
    {
      incidentId,
      kind: 'approval-decided',
      title: `Timed out: ${record?.summary ?? step}`,
      lines: [
        `⌛ Nobody answered by ${record?.deadline ?? now.toISOString()}: the playbook goes on as it says`,
      ],
      drill: record?.drill ?? false,
      step,
      replaces: `approval:${step}`,
    },
    deps,
  );
}
