import { fn, notify, type State } from './asl.js';

/** The ending each failure handling goes to (`continue` and `continue-then-escalate` go on to the next group instead). */
export const ENDING_OF_FAILURE: Record<string, string> = {
  escalate: 'NotifyEscalated',
  abort: 'Aborted',
  reraise: 'Breached',
};

/** A notification that also carries what responders must do by hand. */
function withChecklist(state: State, checklist: string[]): State {
  if (checklist.length === 0) return state;
  const parameters = state.Parameters as { Payload: State };
  return { ...state, Parameters: { ...parameters, Payload: { ...parameters.Payload, checklist } } };
}

/** The review of the closed incident: the run's end, or (`next`) on to re-raising it. */
function review(next?: string, extra: State = {}): State {
  return {
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
  };
}

/**
 * The endings of every playbook: containment, dismissal, escalation, abort, each closed by the review. Each writes
 * beside the escalations failed steps deferred (`$.closing.escalations`), never over them: the review names them all.
 */
function closings(checklist: string[]): Record<string, State> {
  return {
    Contained: {
      Comment:
        'Only the outcome: the escalations failed steps deferred (continue-then-escalate) stay in the closing.',
      Type: 'Pass',
      Result: 'contained',
      ResultPath: '$.closing.outcome',
      Next: 'Review',
    },
    NotifyDismissed: notify('dismissed', 'Dismissed', '$.error'),
    Dismissed: {
      Type: 'Pass',
      Parameters: { outcome: 'dismissed', 'reason.$': '$.error.Cause' },
      ResultPath: '$.closing.ending',
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
      ResultPath: '$.closing.ending',
      Next: 'Review',
    },
    Aborted: {
      Type: 'Pass',
      Parameters: { outcome: 'aborted', 'reason.$': "States.Format('{}: {}', $.error.Error, $.error.Cause)" },
      ResultPath: '$.closing.ending',
      Next: 'Review',
    },
    Review: review(),
  };
}

/** The breach path: the review of the breached incident, then its re-raise through triage (or people). */
function breachPath(): Record<string, State> {
  return {
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
      ResultPath: '$.closing.ending',
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
    NotifyReraiseFailed: notify('escalated', 'ReraiseFailed', undefined, {
      details: {
        Error: 'ReraiseFailed',
        Cause: 'the breached incident could not be re-raised: responders must act',
      },
    }),
    ReraiseFailed: {
      Type: 'Fail',
      Error: 'ReraiseFailed',
      Cause: 'the breached incident could not be re-raised',
    },
  };
}

/** The states every playbook ends in: escalation, dismissal, abort, the review, and the breach path. */
export function endings(reraises: boolean, checklist: string[]): Record<string, State> {
  return reraises ? { ...closings(checklist), ...breachPath() } : closings(checklist);
}
