import { ACTION_DESCRIPTORS } from '../domain/actions.js';
import { InvalidInputError } from '../domain/errors.js';
import { fn, LAMBDA_RETRY, notify, type State } from './asl.js';
import { deferredEscalationStates } from './deferred.js';
import { ENDING_OF_FAILURE } from './endings.js';
import { firstOf, type Group, type GroupContext, mutates } from './groups.js';
import { compileParameters, resultKey } from './references.js';
import { durationSeconds } from './schema.js';
import { referenceOf } from './validate.js';

/**
 * An action function that timed out or ran out of memory (Step Functions reports both as Lambda.Unknown) may have
 * changed part of the account: its steps are journaled, so one more attempt finishes what it began, changing
 * nothing twice.
 */
const ACTION_CUT_SHORT_RETRY = {
  ErrorEquals: ['Lambda.Unknown'],
  IntervalSeconds: 2,
  BackoffRate: 2,
  MaxAttempts: 1,
};

/** Error names Step Functions itself raises: any step may fail with them. */
const SERVICE_ERRORS = /^(States\.[A-Za-z]+|Lambda\.[A-Za-z]+)$/;

/** Whether a failure of the group may let the run go on and escalate at its end (continue-then-escalate). */
export function deferrable(group: Group): boolean {
  const failure = failureOf(group);
  return [failure.otherwise, ...Object.values(failure.handlers)].includes('continue-then-escalate');
}

/**
 * The failure handling of a group's invocation: one default for all its steps, and an error a step handles its own
 * way (a trace's IncompleteEvidenceError going on) handled so whichever step raises it; no other step of the
 * invocation may raise that error and expect the default.
 */
export function failureOf(group: Group): { handlers: Record<string, string>; otherwise: string } {
  const forms = group.steps.map((s) =>
    typeof s.onFailure === 'string'
      ? { handlers: {} as Record<string, string>, otherwise: s.onFailure }
      : {
          handlers: Object.fromEntries(Object.entries(s.onFailure).filter(([e]) => e !== 'default')),
          otherwise: s.onFailure.default ?? 'escalate',
        },
  );
  const ids = group.steps.map((s) => s.id).join(', ');
  const otherwise = forms[0]?.otherwise ?? 'escalate';
  if (forms.some((f) => f.otherwise !== otherwise))
    throw new InvalidInputError(`steps ${ids} run in one invocation and must fail the same way`);
  const goesOn = forms.findIndex((f) =>
    [f.otherwise, ...Object.values(f.handlers)].includes('continue-then-escalate'),
  );
  if (goesOn !== -1 && goesOn < forms.length - 1)
    throw new InvalidInputError(
      `step ${group.steps[goesOn]?.id} goes on after failing (continue-then-escalate), so it must be the last of the steps run in one invocation (${ids}): the steps after it would not run`,
    );
  const handlers: Record<string, string> = {};
  for (const form of forms)
    for (const [error, handling] of Object.entries(form.handlers)) {
      if ((handlers[error] ?? handling) !== handling)
        throw new InvalidInputError(`steps ${ids} run in one invocation and handle ${error} two ways`);
      handlers[error] = handling;
    }
  for (const [i, step] of group.steps.entries())
    for (const error of Object.keys(handlers))
      if (
        !(error in (forms[i]?.handlers ?? {})) &&
        (SERVICE_ERRORS.test(error) ||
          (ACTION_DESCRIPTORS[step.action].errors as readonly string[]).includes(error))
      )
        throw new InvalidInputError(
          `steps ${ids} run in one invocation: ${step.id} raises ${error} too, so it must handle it as the others do`,
        );
  return { handlers, otherwise };
}

/** The group's retries: each error by the first step that names it, then the Lambda service's own. */
function retriesOf(group: Group): State[] {
  const retries = new Map<string, { attempts: number; interval: string; backoff: number }>();
  for (const step of group.steps)
    for (const r of step.retry) for (const error of r.errors) if (!retries.has(error)) retries.set(error, r);
  return [
    ...[...retries].map(([error, r]) => ({
      ErrorEquals: [error],
      IntervalSeconds: durationSeconds(r.interval),
      BackoffRate: r.backoff,
      MaxAttempts: r.attempts,
      JitterStrategy: 'FULL',
    })),
    LAMBDA_RETRY,
    ACTION_CUT_SHORT_RETRY,
  ];
}

/** The group's catches: each handled error to its handling, then everything else to the default one. */
function catchersOf({ group, next }: GroupContext): State[] {
  const failure = failureOf(group);
  const target = (handling: string) =>
    handling === 'continue'
      ? next
      : handling === 'continue-then-escalate'
        ? `Failed${group.name}`
        : (ENDING_OF_FAILURE[handling] as string);
  return [
    ...Object.entries(failure.handlers).map(([error, handling]) => ({
      ErrorEquals: [error],
      ResultPath: '$.error',
      Next: target(handling),
    })),
    { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: target(failure.otherwise) },
  ];
}

/** The invocation of the action function with the given steps. */
function invoke(steps: State[]): State {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: {
      FunctionName: fn('ActionLambdaFunction'),
      // A drill's incident only simulates: the flag travels with every invocation (and the handler also asks
      // the registry, independently).
      Payload: { 'incidentId.$': '$.incident.id', 'drill.$': '$.incident.drill', steps },
    },
  };
}

/** How a group's run is retried, caught, and where it goes when done. */
interface Handling {
  retry: State[];
  catchers: State[];
  after: string;
}

/** A forEach step's run: a Map that invokes it once per element of its list. */
function eachRun({ group, pathOf }: GroupContext, { retry, catchers, after }: Handling): State {
  const first = firstOf(group);
  const run = `Run${group.name}`;
  const list = referenceOf(first.forEach);
  if (!list) throw new InvalidInputError(`step ${first.id}: forEach must be a reference to a list`);
  // `continue` holds per element: one that fails (after its retries, journaled as failed) does not stop the
  // others, and its place in the list says it failed.
  const perElement = first.onFailure === 'continue';
  const failed = `${run}ItemFailed`;
  return {
    Comment: `${first.id} for each element of ${list}, one at a time: IAM throttles bursts, and the timeline reads in order.`,
    Type: 'Map',
    ItemsPath: pathOf(list),
    ItemSelector: {
      'incident.$': '$.incident',
      'results.$': '$.results',
      'item.$': '$$.Map.Item.Value',
      'index.$': '$$.Map.Item.Index',
    },
    MaxConcurrency: 1,
    ItemProcessor: {
      ProcessorConfig: { Mode: 'INLINE' },
      StartAt: `${run}Item`,
      States: {
        [`${run}Item`]: {
          ...invoke([
            {
              // Each element is its own step in the journal, so a retry or a rollback finds it.
              'step.$': `States.Format('${first.id}[{}]', $.index)`,
              action: first.action,
              parameters: compileParameters(first.parameters, pathOf),
            },
          ]),
          ResultSelector: { 'outcome.$': '$.Payload.outcomes[0]' },
          OutputPath: '$.outcome',
          Retry: retry,
          ...(perElement
            ? { Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: failed }] }
            : {}),
          End: true,
        },
        ...(perElement
          ? {
              [failed]: {
                Type: 'Pass',
                Parameters: {
                  'step.$': `States.Format('${first.id}[{}]', $.index)`,
                  action: first.action,
                  status: 'failed',
                  'error.$': '$.error',
                },
                End: true,
              },
            }
          : {}),
      },
    },
    // The list of the elements' outcomes (an empty list runs nothing and is no failure).
    ResultPath: `$.results.${group.name}.outcomes`,
    Catch: catchers,
    Next: after,
  };
}

/** A group's run: one invocation of all its steps, each step's outcome kept by its name. */
function groupRun({ group, pathOf }: GroupContext, { retry, catchers, after }: Handling): State {
  return {
    ...invoke(
      group.steps.map((s) => ({
        step: s.id,
        action: s.action,
        parameters: compileParameters(s.parameters, pathOf),
      })),
    ),
    ResultSelector: {
      'outcomes.$': '$.Payload.outcomes',
      ...Object.fromEntries(group.steps.map((s, i) => [`${resultKey(s.id)}.$`, `$.Payload.outcomes[${i}]`])),
    },
    ResultPath: `$.results.${group.name}`,
    Retry: retry,
    Catch: catchers,
    Next: after,
  };
}

/** A group's invocation (a Map for a forEach step) and, when it changed anything, the notice of what it did. */
export function runStates(context: GroupContext): Record<string, State> {
  const { group, next } = context;
  const first = firstOf(group);
  const catchers = catchersOf(context);
  const retry = retriesOf(group);
  const mutating = mutates(group);
  // A forEach that changes runs only on a list with something in it (Has<Group>): it always has something to tell.
  const after = mutating ? `Notify${group.name}` : next;
  const states: Record<string, State> = {};
  if (first.forEach) states[`Run${group.name}`] = eachRun(context, { retry, catchers, after });
  else states[`Run${group.name}`] = groupRun(context, { retry, catchers, after });
  // What may still change after this group: the notice says "so far" until nothing is left to run.
  const more = [
    ...new Set(
      context.later
        .filter((s) => ACTION_DESCRIPTORS[s.action].mutating)
        .map((s) => s.title ?? ACTION_DESCRIPTORS[s.action].title),
    ),
  ];
  if (deferrable(group)) Object.assign(states, deferredEscalationStates(context));
  if (mutating)
    states[`Notify${group.name}`] = notify('contained', next, `$.results.${group.name}`, {
      ...(more.length ? { more } : {}),
      // An escalation deferred before this group: its notice must not say "Contained" (every run starts with `closing`).
      ...(context.afterDeferrable ? { 'closing.$': '$.closing' } : {}),
    });
  return states;
}
