import { describeExposure } from '../../domain/exposure.js';
import type { Incident } from '../../domain/incident.js';
import { notify } from '../notify.js';
import { subjectPrincipalsOf } from '../responders.js';
import type { ApprovalDeps } from './approval-deps.js';

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
  /** What the approval lets run after it without asking again, each with its blast radius. */
  alsoRuns?: string[];
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
    .map(([key, value]) =>
      key === 'accountId' ? `in account ${value}` : Array.isArray(value) ? value.join(', ') : value,
    )
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

/** What the responders read in the request: the incident, the change, who else it affects, and by when to answer. */
function requestLines(request: ApprovalRequest, needed: number, deadline: string): string[] {
  const { incident, items } = request;
  return [
    `Incident ${incident.id}: ${describeExposure(incident.exposure)} (${incident.exposure.principal.arn})`,
    `What it changes: ${request.summary}`,
    ...(request.blastRadius ?? []).map((r) => `Blast radius: ${r}`),
    ...(request.alsoRuns ?? []).map((t) => `Then, on this approval: ${t}`),
    ...(request.found ? [`Rekey found: ${request.found}`] : []),
    ...(items
      ? [
          `Each of ${items.length}: ${items.slice(0, ITEMS_SHOWN).map(itemLine).join('; ')}${items.length > ITEMS_SHOWN ? `; and ${items.length - ITEMS_SHOWN} more` : ''}`,
        ]
      : []),
    needed > 1 ? `Needs ${needed} different responders` : 'Needs one responder',
    `Answer by ${deadline}`,
  ];
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
      lines: requestLines(request, needed, deadline),
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
