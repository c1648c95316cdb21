/** A state of a state machine definition (JSONPath ASL). */
export type State = Record<string, unknown>;

/** A Lambda function's ARN in the packaged template, by its logical id. */
export const fn = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });

/** An asynchronous notification that can never fail the playbook, then on to `next`. */
export function notify(kind: string, next: string, details?: string): State {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: {
      FunctionName: fn('NotifyLambdaFunction'),
      InvocationType: 'Event',
      Payload: { 'incident.$': '$.incident', kind, ...(details ? { 'details.$': details } : {}) },
    },
    ResultPath: null,
    // A notification can never fail the playbook.
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: null, Next: next }],
    Next: next,
  };
}

/** A notification that also carries what responders must do by hand. */
function withChecklist(state: State, checklist: string[]): State {
  if (checklist.length === 0) return state;
  const parameters = state.Parameters as { Payload: State };
  return { ...state, Parameters: { ...parameters, Payload: { ...parameters.Payload, checklist } } };
}

/** The states every playbook ends in: escalation, dismissal, abort, the review, and the breach path. */
export function endings(reraises: boolean, checklist: string[]): Record<string, State> {
  const review = (next?: string, extra: State = {}): State => ({
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: {
      FunctionName: fn('ReviewLambdaFunction'),
      Payload: { 'incidentId.$': '$.incident.id', 'closing.$': '$.closing', ...extra },
    },
    ResultSelector: { 'review.$': '$.Payload.review', ...(next ? { 'reraise.$': '$.Payload.reraise' } : {}) },
    ResultPath: '$.review',
    Retry: [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 3 }],
    ...(next
      ? {
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'NotifyReraiseFailed' }],
          Next: next,
        }
      : { End: true }),
  });
  const states: Record<string, State> = {
    Contained: { Type: 'Pass', Result: { outcome: 'contained' }, ResultPath: '$.closing', Next: 'Review' },
    NotifyDismissed: notify('dismissed', 'Dismissed', '$.error'),
    Dismissed: {
      Type: 'Pass',
      Parameters: { outcome: 'dismissed', 'reason.$': '$.error.Cause' },
      ResultPath: '$.closing',
      Next: 'Review',
    },
    NotifyEscalated: withChecklist(notify('escalated', 'Escalated', '$.error'), checklist),
    Escalated: {
      Type: 'Pass',
      Parameters: {
        outcome: 'escalated',
        'reason.$': "States.Format('{}: {}', $.error.Error, $.error.Cause)",
        ...(checklist.length > 0 ? { checklist } : {}),
      },
      ResultPath: '$.closing',
      Next: 'Review',
    },
    Aborted: {
      Type: 'Pass',
      Parameters: { outcome: 'aborted', 'reason.$': "States.Format('{}: {}', $.error.Error, $.error.Cause)" },
      ResultPath: '$.closing',
      Next: 'Review',
    },
    Review: review(),
  };
  if (!reraises) return states;
  return {
    ...states,
    Breached: {
      Comment: 'A re-raised incident breached again goes to people; a first breach re-raises the incident.',
      Type: 'Choice',
      Choices: [{ Variable: '$.incident.id', StringMatches: '*-r*', Next: 'NotifyEscalated' }],
      Default: 'NotifyBreached',
    },
    NotifyBreached: notify('breached', 'BreachedClosing', '$.error'),
    BreachedClosing: {
      Type: 'Pass',
      Parameters: { outcome: 'breached', 'reason.$': '$.error.Cause' },
      ResultPath: '$.closing',
      Next: 'ReviewBreach',
    },
    ReviewBreach: review('Reraise', { 'incident.$': '$.incident' }),
    Reraise: {
      Comment: 'The closed incident is re-raised through triage, as a new signal about the same exposure.',
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: fn('TriageLambdaFunction'), 'Payload.$': '$.review.reraise' },
      ResultSelector: { 'signals.$': '$.Payload.signals' },
      ResultPath: '$.reraised',
      Retry: [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 3 }],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'NotifyReraiseFailed' }],
      Next: 'CheckReraised',
    },
    CheckReraised: {
      Comment: 'Triage answers what the event did: only a re-raised incident carries the response on.',
      Type: 'Choice',
      Choices: [
        {
          And: [
            { Variable: '$.reraised.signals[0].outcome', IsPresent: true },
            { Variable: '$.reraised.signals[0].outcome', StringEquals: 'reraised' },
          ],
          Next: 'Reraised',
        },
      ],
      Default: 'NotifyReraiseFailed',
    },
    Reraised: { Type: 'Succeed' },
    NotifyReraiseFailed: {
      ...notify('escalated', 'ReraiseFailed'),
      Parameters: {
        FunctionName: fn('NotifyLambdaFunction'),
        InvocationType: 'Event',
        Payload: {
          'incident.$': '$.incident',
          kind: 'escalated',
          details: {
            Error: 'ReraiseFailed',
            Cause: 'the breached incident could not be re-raised: responders must act',
          },
        },
      },
    },
    ReraiseFailed: {
      Type: 'Fail',
      Error: 'ReraiseFailed',
      Cause: 'the breached incident could not be re-raised',
    },
  };
}

/** Only the states a run can reach (Step Functions refuses a definition with unreachable states). */
export function reachable(states: Record<string, State>, start: string): Record<string, State> {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    const state = states[name];
    if (seen.has(name) || !state) continue;
    seen.add(name);
    const choices = (state.Choices as Array<{ Next: string }> | undefined) ?? [];
    const catches = (state.Catch as Array<{ Next: string }> | undefined) ?? [];
    for (const next of [
      state.Next,
      state.Default,
      ...choices.map((c) => c.Next),
      ...catches.map((c) => c.Next),
    ])
      if (typeof next === 'string') queue.push(next);
  }
  return Object.fromEntries(Object.entries(states).filter(([name]) => seen.has(name)));
}
