import { type StepOutcome, StepOutcomeSchema } from '../domain/actions.js';
import { InvalidInputError } from '../domain/errors.js';
import { believedEntries } from './believed-entries.js';
import { SIGNAL_TYPES, signalsOf } from './incident-signals.js';
import { applyStep, type ReadyStep } from './run-steps/apply-step.js';
import { observeEarly } from './run-steps/early-observations.js';
import {
  JOURNAL_TYPES,
  journaledPlan,
  lastEntry,
  noteRepeatedRun,
  restoredStepsOf,
} from './run-steps/journal.js';
import { simulateStep } from './run-steps/simulate-step.js';
import { type PreparedStep, stepPreparer } from './run-steps/step-context.js';
import type { RunStepsDeps, StepRequest } from './run-steps/step-request.js';

// Callers (the action handler, the tests) take the request and its dependencies from here, beside runSteps.
export {
  type RunMode,
  type RunStepsDeps,
  type StepRequest,
  StepRequestSchema,
} from './run-steps/step-request.js';

/** The prepared step, or InvalidInputError naming each parameter its descriptor refuses. */
function readyOrThrow(request: StepRequest, step: PreparedStep): ReadyStep {
  if (step.ok) return step;
  throw new InvalidInputError(
    `step ${request.step}: ${step.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`,
  );
}

/**
 * Runs consecutive steps in order within one invocation, journaling each in the timeline: a step already
 * succeeded is not run again, and a retried step reuses the plan journaled when it first started.
 * The first failure is recorded and re-thrown with its name, for the state machine's Retry/Catch.
 * In simulate mode nothing is changed: each step's calls are planned and Rekey's permission for each is checked.
 */
export async function runSteps(
  incidentId: string,
  requests: StepRequest[],
  deps: RunStepsDeps,
): Promise<StepOutcome[]> {
  // The journal is what the action function itself sealed: a forged "already done" or plan is never believed.
  const [believed, mode = 'apply'] = await Promise.all([
    believedEntries(deps.timeline, incidentId, [...JOURNAL_TYPES, ...SIGNAL_TYPES]),
    deps.mode,
  ]);
  const history = believed.filter((e) => (JOURNAL_TYPES as readonly string[]).includes(e.type));
  const prepare = stepPreparer(
    { incidentId, signals: signalsOf(believed), restoredSteps: restoredStepsOf(history) },
    deps,
  );
  const early = observeEarly(requests, prepare, history, mode);
  await noteRepeatedRun(incidentId, requests, history, deps);
  const outcomes: StepOutcome[] = [];
  for (const [i, request] of requests.entries()) {
    const done = lastEntry(history, request.step, 'step-succeeded');
    if (done) {
      outcomes.push(StepOutcomeSchema.parse(done.data?.outcome));
      continue;
    }
    const step = readyOrThrow(request, prepare(request));
    // Simulating changes nothing; the looking steps (an investigation, a verification) only read, so they run.
    outcomes.push(
      mode === 'simulate' && step.action.descriptor.mutating
        ? await simulateStep(incidentId, request, step.parameters, step.context, deps)
        : await applyStep(incidentId, request, step, journaledPlan(history, request.step), early[i], deps),
    );
  }
  return outcomes;
}
