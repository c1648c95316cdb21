import { ACTION_DESCRIPTORS, type ActionDescriptor } from '../domain/actions.js';
import { fn, type State } from './asl.js';
import { firstOf, type GroupContext } from './groups.js';
import { durationSeconds, type PlaybookStep } from './schema.js';
import { referenceOf } from './validate.js';

/** The choice between asking a person and running at once, on the evidence and the step's autoApprove. */
function autoApproveGate({ group }: GroupContext): State {
  const first = firstOf(group);
  const run = `Run${group.name}`;
  const approve = `Approve${group.name}`;
  const always = first.autoApprove.some((c) => 'always' in c);
  const auto = first.autoApprove.flatMap((c): State[] =>
    'severityAtLeast' in c
      ? [{ Variable: '$.incident.exposure.evidence.severity', NumericGreaterThanEquals: c.severityAtLeast }]
      : 'awsReportedExposed' in c
        ? [{ Variable: '$.incident.exposure.evidence.awsReportedExposed', BooleanEquals: true }]
        : [],
  );
  return {
    Type: 'Choice',
    Choices: [
      // Evidence that rests on a caller other than AWS or the subject (its own claim) waits for a person.
      { Variable: '$.incident.exposure.evidence.assertedBy', IsPresent: true, Next: approve },
      ...first.neverAutoApprove.map((source) => ({
        Variable: '$.incident.exposure.evidence.source',
        StringEquals: source,
        Next: approve,
      })),
      ...(auto.length > 0 && !always ? [{ ...(auto.length === 1 ? auto[0] : { Or: auto }), Next: run }] : []),
    ],
    Default: always ? run : approve,
  };
}

/** What the responder is asked to approve: the group's changes, their blast radius, and why it asks. */
function approvalRequest({ group, pathOf, unlocks }: GroupContext, timeoutSeconds: number): State {
  const first = firstOf(group);
  const describe = (s: PlaybookStep): ActionDescriptor => ({
    ...ACTION_DESCRIPTORS[s.action],
    ...(s.title ? { title: s.title } : {}),
  });
  const descriptors = group.steps.map(describe);
  // Approving lets the later steps without an approval of their own run too: the responder is shown them.
  const alsoRuns = unlocks
    .map(describe)
    .filter((d) => d.mutating)
    .map((d) => (d.blastRadius ? `${d.title}: ${d.blastRadius}` : d.title));
  return {
    op: 'request',
    'incident.$': '$.incident',
    step: first.id,
    // What it will change: the looking steps grouped with it are not asked about.
    summary: (descriptors.some((d) => d.mutating) ? descriptors.filter((d) => d.mutating) : descriptors)
      .map((d) => d.title)
      .join(', then '),
    blastRadius: descriptors.flatMap((d) => (d.mutating && d.blastRadius ? [d.blastRadius] : [])),
    ...(alsoRuns.length ? { alsoRuns: [...new Set(alsoRuns)] } : {}),
    // What the step it could have been skipped on found, so the responder sees why it asks.
    ...(first.skipIf
      ? { 'found.$': pathOf(`steps.${(referenceOf(first.skipIf) as string).split('.')[1]}.summary`) }
      : {}),
    // Once per element: the responder sees each element it will change.
    ...(first.forEach ? { 'items.$': pathOf(referenceOf(first.forEach) ?? '') } : {}),
    timeoutSeconds,
    ...(first.approval === 'two-person' ? { approversNeeded: 2 } : {}),
    'executionId.$': '$$.Execution.Id',
    'taskToken.$': '$$.Task.Token',
  };
}

/** The wait on a responder's answer (a task token), within the step's approval timeout. */
function approvalTask(context: GroupContext): State {
  const { group, next } = context;
  const first = firstOf(group);
  const timeoutSeconds = durationSeconds(first.approvalTimeout);
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
    Parameters: {
      FunctionName: fn('ApprovalLambdaFunction'),
      Payload: approvalRequest(context, timeoutSeconds),
    },
    TimeoutSeconds: timeoutSeconds,
    ResultPath: '$.approval',
    // States.Timeout first: locally a thrown timeout would also match a catch-all.
    Catch: [
      { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: `RecordTimeout${group.name}` },
      {
        ErrorEquals: ['ApprovalDeniedError'],
        ResultPath: '$.error',
        Next: first.onApprovalDenied === 'skip' ? next : 'NotifyDismissed',
      },
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'NotifyEscalated' },
    ],
    Next: `Run${group.name}`,
  };
}

/** The record that nobody answered in time, then what the step does on a timeout. */
function recordTimeout({ group }: GroupContext): State {
  const first = firstOf(group);
  const onTimeout = { proceed: `Run${group.name}`, abort: 'Aborted', escalate: 'NotifyEscalated' }[
    first.onApprovalTimeout
  ];
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: {
      FunctionName: fn('ApprovalLambdaFunction'),
      Payload: { op: 'timed-out', 'incidentId.$': '$.incident.id', step: first.id },
    },
    ResultPath: null,
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: null, Next: onTimeout }],
    Next: onTimeout,
  };
}

/** A group's approval: the auto-approval choice (if the step has conditions), the wait, the timeout's record. */
export function approvalStates(context: GroupContext): Record<string, State> {
  const { group } = context;
  const first = firstOf(group);
  const states: Record<string, State> = {};
  if (first.autoApprove.length > 0 || first.neverAutoApprove.length > 0)
    states[`Gate${group.name}`] = autoApproveGate(context);
  states[`Approve${group.name}`] = approvalTask(context);
  states[`RecordTimeout${group.name}`] = recordTimeout(context);
  return states;
}
