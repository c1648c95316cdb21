import { fn, notify, type State } from './asl.js';
import type { GroupContext } from './groups.js';
import { resultKey } from './references.js';
import { fallbacksIn } from './validate.js';

/** The facts a failed group's steps are given: the fallbacks later steps' references name for them. */
function fallbackFacts({ group, later }: GroupContext): Record<string, Record<string, unknown>> {
  const ids = new Set(group.steps.map((s) => s.id));
  const facts: Record<string, Record<string, unknown>> = {};
  for (const [reference, fallback] of later.flatMap((s) => fallbacksIn([s.parameters, s.forEach]))) {
    const [, id, , fact] = reference.split('.');
    if (id && fact && ids.has(id)) facts[id] = { ...facts[id], [fact]: JSON.parse(fallback) };
  }
  return facts;
}

/** Retries of the recall: the action function answers from the journal alone, so only Lambda's own failures. */
const RECALL_RETRY = [
  {
    ErrorEquals: [
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
      'Lambda.TooManyRequestsException',
      'Lambda.Unknown',
      'States.TaskFailed',
    ],
    IntervalSeconds: 1,
    BackoffRate: 2,
    MaxAttempts: 3,
  },
];

/**
 * A group that fails with `continue-then-escalate`: its steps' results hold what the journal says each did or
 * established before the failure (the fallbacks later steps read, where it says nothing), the responders are told
 * at once (the step, its reason, the checklist), and the closing records the escalation beside any other deferred
 * one, which the review closes the run with instead of "contained". Only a failing run passes these states.
 */
export function deferredEscalationStates(context: GroupContext): Record<string, State> {
  const { group, next, later, checklist } = context;
  const failed = group.steps.map((s) => s.id).join(', ');
  const reason = "States.Format('{}: {}', $.error.Error, $.error.Cause)";
  const facts = fallbackFacts(context);
  return {
    [`Failed${group.name}`]: {
      Comment: 'What later steps read of the failed steps: their fallbacks, and why they have nothing else.',
      Type: 'Pass',
      Parameters: {
        ...Object.fromEntries(
          group.steps.map((s) => [
            resultKey(s.id),
            { step: s.id, status: 'failed', 'summary.$': reason, facts: facts[s.id] ?? {} },
          ]),
        ),
        outcomes: [],
        // Which of them failed, until the journal says (one invocation runs several).
        failed,
      },
      ResultPath: `$.results.${group.name}`,
      Next: `Recall${group.name}`,
    },
    [`Recall${group.name}`]: {
      Comment:
        'What the journal says the steps did before the failure: a step that succeeded, its outcome; the failed one, the facts it established (an origin key, the roles it found), over its fallbacks. Unanswered, the run escalates.',
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: {
        FunctionName: fn('ActionLambdaFunction'),
        Payload: {
          op: 'recall',
          'incidentId.$': '$.incident.id',
          keys: group.steps.map((s) => resultKey(s.id)),
          'results.$': `$.results.${group.name}`,
        },
      },
      ResultSelector: {
        ...Object.fromEntries(
          group.steps.map((s) => [`${resultKey(s.id)}.$`, `$.Payload.results.${resultKey(s.id)}`]),
        ),
        'outcomes.$': '$.Payload.outcomes',
        'failed.$': '$.Payload.failed',
      },
      ResultPath: `$.results.${group.name}`,
      Retry: RECALL_RETRY,
      // Unanswered, what ran before the failure is not known (a sweep's artefacts, a cut-off): going on could skip
      // a step silently, so the run escalates here, saying why.
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'NotifyEscalated' }],
      Next: `Escalate${group.name}`,
    },
    [`Escalate${group.name}`]: notify('escalated', `Defer${group.name}`, undefined, {
      details: {
        'Error.$': '$.error.Error',
        'Cause.$': '$.error.Cause',
        'step.$': `$.results.${group.name}.failed`,
        goesOn: [...new Set(later.map((s) => s.id))],
        'done.$': `$.results.${group.name}.outcomes`,
      },
      ...(checklist.length > 0 ? { checklist } : {}),
    }),
    [`Defer${group.name}`]: {
      Comment: 'The run goes on; its end reviews it as escalated, naming this failure, not as contained.',
      Type: 'Pass',
      Parameters: {
        'step.$': `$.results.${group.name}.failed`,
        'reason.$': reason,
        ...(checklist.length > 0 ? { checklist } : {}),
      },
      // Each deferred escalation under its own group: a second one keeps the first.
      ResultPath: `$.closing.escalations.${group.name}`,
      Next: next,
    },
  };
}
