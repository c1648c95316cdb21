import { ACTION_DESCRIPTORS, type ActionDescriptor } from '../domain/actions.js';
import { InvalidInputError } from '../domain/errors.js';
import { endings, fn, notify, reachable, type State } from './endings.js';
import { durationSeconds, type Playbook, type PlaybookStep } from './schema.js';
import { referenceOf } from './validate.js';

/** A state machine definition in JSONPath ASL, as written to `statemachines/<playbook>.asl.json`. */
export interface CompiledPlaybook {
  Comment: string;
  StartAt: string;
  States: Record<string, State>;
}

/** Steps that run in one action invocation: a step with its own gate (approval, wait) and those that follow it. */
interface Group {
  name: string;
  steps: PlaybookStep[];
}

const pascal = (id: string) => id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
/** A step's key in the results (JSONPath names cannot hold dashes in dot notation). */
const resultKey = (id: string) => id.replace(/-/g, '_');

const LAMBDA_RETRY = {
  ErrorEquals: [
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
    'Lambda.TooManyRequestsException',
  ],
  IntervalSeconds: 1,
  BackoffRate: 2,
  MaxAttempts: 3,
};

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

/** The steps a value's references name (`{{ steps.<id>.… }}`), anywhere inside it. */
function stepsNamed(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(stepsNamed);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stepsNamed);
  const [root, id] = (referenceOf(value) ?? '').split('.');
  return root === 'steps' && id ? [id] : [];
}

function groupsOf(playbook: Playbook): Group[] {
  const groups: Group[] = [];
  for (const step of playbook.steps) {
    const current = groups.at(-1);
    // A step that uses what a step of the same invocation found must wait for that invocation's answer.
    const usesCurrent = stepsNamed(step.parameters).some((id) => current?.steps.some((s) => s.id === id));
    // A forEach step runs alone: the Map invokes it once per element, and a step after it is one invocation again.
    if (
      !current ||
      step.approval !== 'none' ||
      step.after ||
      step.forEach ||
      step.skipIf ||
      current.steps[0]?.forEach ||
      usesCurrent
    )
      groups.push({ name: pascal(step.id), steps: [step] });
    else current.steps.push(step);
  }
  return groups;
}

/** The failure handling a group's steps share (one invocation can only fail one way). */
function failureOf(group: Group): { handlers: Record<string, string>; otherwise: string } {
  const forms = group.steps.map((s) =>
    typeof s.onFailure === 'string'
      ? { handlers: {}, otherwise: s.onFailure }
      : {
          handlers: Object.fromEntries(Object.entries(s.onFailure).filter(([e]) => e !== 'default')),
          otherwise: s.onFailure.default ?? 'escalate',
        },
  );
  const first = JSON.stringify(forms[0]);
  if (forms.some((f) => JSON.stringify(f) !== first))
    throw new InvalidInputError(
      `steps ${group.steps.map((s) => s.id).join(', ')} run in one invocation and must fail the same way`,
    );
  return forms[0] as { handlers: Record<string, string>; otherwise: string };
}

/** Compiles references in parameter values to JSONPath (`key.$`), arrays of references to `States.Array`. */
function compileParameters(value: Record<string, unknown>, pathOf: (ref: string) => string): State {
  const compiled: State = {};
  for (const [key, item] of Object.entries(value)) {
    const reference = referenceOf(item);
    if (reference) compiled[`${key}.$`] = pathOf(reference);
    else if (Array.isArray(item) && item.some((e) => referenceOf(e))) {
      const args = item.map((e) => {
        const r = referenceOf(e);
        if (r) return pathOf(r);
        if (typeof e === 'string') return `'${e.replace(/['\\{}]/g, (c) => `\\${c}`)}'`;
        return JSON.stringify(e);
      });
      compiled[`${key}.$`] = `States.Array(${args.join(', ')})`;
    } else if (item && typeof item === 'object' && !Array.isArray(item))
      compiled[key] = compileParameters(item as Record<string, unknown>, pathOf);
    else compiled[key] = item;
  }
  return compiled;
}

const TARGETS: Record<string, string> = {
  escalate: 'NotifyEscalated',
  abort: 'Aborted',
  reraise: 'Breached',
};

/**
 * Compiles a playbook to a JSONPath state machine, deterministically: consecutive steps without a gate of their
 * own run in one action invocation (an auto-approved containment is two Lambda hops from the event), approvals
 * wait on a task token with their timeout, notifications are asynchronous and can never fail the run, retries and
 * catches go by error name, waits precede steps that ask for one, and every path ends in a review.
 */
export function compilePlaybook(playbook: Playbook): CompiledPlaybook {
  const groups = groupsOf(playbook);
  const groupOfStep = new Map(groups.flatMap((g) => g.steps.map((s) => [s.id, g.name] as const)));
  const pathOf = (reference: string): string => {
    const [root, id, ...rest] = reference.split('.');
    if (root === 'incident' || root === 'item') return `$.${reference}`;
    if (root === 'steps' && id) return ['$.results', groupOfStep.get(id), resultKey(id), ...rest].join('.');
    throw new InvalidInputError(`the reference ${reference} cannot be compiled`);
  };
  const states: Record<string, State> = {};
  const entryOf = (index: number): string => {
    const group = groups[index];
    if (!group) return 'Contained';
    const first = group.steps[0] as PlaybookStep;
    return first.skipIf ? `Skip${group.name}` : ownEntryOf(group);
  };
  const ownEntryOf = (group: Group): string => {
    const first = group.steps[0] as PlaybookStep;
    if (first.after) return `Wait${group.name}`;
    return askedOf(group);
  };
  /** Where a group starts once any wait is over: a forEach step that asks first looks whether there is anything. */
  const askedOf = (group: Group): string => {
    const first = group.steps[0] as PlaybookStep;
    if (first.approval === 'none') return `Run${group.name}`;
    return first.forEach ? `Has${group.name}` : gateOf(first);
  };
  const gateOf = (step: PlaybookStep): string => {
    const name = pascal(step.id);
    return step.autoApprove.length > 0 || step.neverAutoApprove.length > 0 ? `Gate${name}` : `Approve${name}`;
  };
  let reraises = false;
  for (const [index, group] of groups.entries()) {
    const first = group.steps[0] as PlaybookStep;
    const next = entryOf(index + 1);
    const run = `Run${group.name}`;
    if (first.skipIf) {
      const fact = pathOf(referenceOf(first.skipIf) as string);
      states[`Skip${group.name}`] = {
        Comment: 'An earlier step left nothing for this one to do.',
        Type: 'Choice',
        Choices: [
          {
            And: [
              { Variable: fact, IsPresent: true },
              { Variable: fact, BooleanEquals: true },
            ],
            Next: next,
          },
        ],
        Default: ownEntryOf(group),
      };
    }
    if (first.after)
      states[`Wait${group.name}`] = {
        Type: 'Wait',
        Seconds: durationSeconds(first.after),
        Next: askedOf(group),
      };
    if (first.forEach && first.approval !== 'none') {
      const list = referenceOf(first.forEach);
      if (!list) throw new InvalidInputError(`step ${first.id}: forEach must be a reference to a list`);
      states[`Has${group.name}`] = {
        Comment: 'Nobody is asked to approve an empty list: it would change nothing.',
        Type: 'Choice',
        Choices: [{ Variable: `${pathOf(list)}[0]`, IsPresent: true, Next: gateOf(first) }],
        Default: next,
      };
    }
    const descriptors = group.steps.map((s): ActionDescriptor => ACTION_DESCRIPTORS[s.action]);
    if (first.approval !== 'none') {
      const approve = `Approve${group.name}`;
      if (first.autoApprove.length > 0 || first.neverAutoApprove.length > 0) {
        const always = first.autoApprove.some((c) => 'always' in c);
        const auto = first.autoApprove.flatMap((c): State[] =>
          'severityAtLeast' in c
            ? [
                {
                  Variable: '$.incident.exposure.evidence.severity',
                  NumericGreaterThanEquals: c.severityAtLeast,
                },
              ]
            : 'awsReportedExposed' in c
              ? [{ Variable: '$.incident.exposure.evidence.awsReportedExposed', BooleanEquals: true }]
              : [],
        );
        states[`Gate${group.name}`] = {
          Type: 'Choice',
          Choices: [
            // Evidence that rests on a caller other than AWS or the subject (its own claim) waits for a person.
            { Variable: '$.incident.exposure.evidence.assertedBy', IsPresent: true, Next: approve },
            ...first.neverAutoApprove.map((source) => ({
              Variable: '$.incident.exposure.evidence.source',
              StringEquals: source,
              Next: approve,
            })),
            ...(auto.length > 0 && !always
              ? [{ ...(auto.length === 1 ? auto[0] : { Or: auto }), Next: run }]
              : []),
          ],
          Default: always ? run : approve,
        };
      }
      const timeoutSeconds = durationSeconds(first.approvalTimeout);
      states[approve] = {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: {
          FunctionName: fn('ApprovalLambdaFunction'),
          Payload: {
            op: 'request',
            'incident.$': '$.incident',
            step: first.id,
            // What it will change: the looking steps grouped with it are not asked about.
            summary: (descriptors.some((d) => d.mutating)
              ? descriptors.filter((d) => d.mutating)
              : descriptors
            )
              .map((d) => d.title)
              .join(', then '),
            blastRadius: descriptors.flatMap((d) => (d.mutating && d.blastRadius ? [d.blastRadius] : [])),
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
          },
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
        Next: run,
      };
      const onTimeout = { proceed: run, abort: 'Aborted', escalate: 'NotifyEscalated' }[
        first.onApprovalTimeout
      ];
      states[`RecordTimeout${group.name}`] = {
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
    const failure = failureOf(group);
    const target = (handling: string) => (handling === 'continue' ? next : (TARGETS[handling] as string));
    if (Object.values(failure.handlers).includes('reraise')) reraises = true;
    const retries = new Map<string, { attempts: number; interval: string; backoff: number }>();
    for (const step of group.steps)
      for (const r of step.retry)
        for (const error of r.errors) if (!retries.has(error)) retries.set(error, r);
    const mutating = descriptors.some((d) => d.mutating);
    const retry = [
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
    const catchers = [
      ...Object.entries(failure.handlers).map(([error, handling]) => ({
        ErrorEquals: [error],
        ResultPath: '$.error',
        Next: target(handling),
      })),
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: target(failure.otherwise) },
    ];
    const invoke = (steps: State[]): State => ({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: {
        FunctionName: fn('ActionLambdaFunction'),
        // A drill's incident only simulates: the flag travels with every invocation (and the handler also asks
        // the registry, independently).
        Payload: { 'incidentId.$': '$.incident.id', 'drill.$': '$.incident.drill', steps },
      },
    });
    const after = mutating ? (first.forEach ? `Any${group.name}` : `Notify${group.name}`) : next;
    if (first.forEach) {
      if (mutating)
        states[`Any${group.name}`] = {
          Comment: 'An empty list changed nothing: nothing to tell.',
          Type: 'Choice',
          Choices: [
            { Variable: `$.results.${group.name}.outcomes[0]`, IsPresent: true, Next: `Notify${group.name}` },
          ],
          Default: next,
        };
      const list = referenceOf(first.forEach);
      if (!list) throw new InvalidInputError(`step ${first.id}: forEach must be a reference to a list`);
      // `continue` holds per element: one that fails (after its retries, journaled as failed) does not stop the
      // others, and its place in the list says it failed.
      const perElement = first.onFailure === 'continue';
      const failed = `${run}ItemFailed`;
      states[run] = {
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
    } else
      states[run] = {
        ...invoke(
          group.steps.map((s) => ({
            step: s.id,
            action: s.action,
            parameters: compileParameters(s.parameters, pathOf),
          })),
        ),
        ResultSelector: {
          'outcomes.$': '$.Payload.outcomes',
          ...Object.fromEntries(
            group.steps.map((s, i) => [`${resultKey(s.id)}.$`, `$.Payload.outcomes[${i}]`]),
          ),
        },
        ResultPath: `$.results.${group.name}`,
        Retry: retry,
        Catch: catchers,
        Next: after,
      };
    if (mutating) states[`Notify${group.name}`] = notify('contained', next, `$.results.${group.name}`);
  }
  // The incident-opened notice is triage's, sent alongside the start: the first state is the first step's. No
  // steps: straight to people, with the reason triage starts it with (`$.error`).
  const start = groups.length === 0 ? 'NotifyEscalated' : entryOf(0);
  return {
    Comment: `${playbook.title}. Compiled from playbooks/${playbook.name}.yml by rekey playbooks build: do not edit.`,
    StartAt: start,
    States: reachable({ ...states, ...endings(reraises, playbook.checklist) }, start),
  };
}
