import { type StepOutcome, StepOutcomeSchema } from '../domain/actions.js';
import { InvalidInputError } from '../domain/errors.js';
import { believedEntries } from './believed-entries.js';
import { freshHolderObservations } from './holder-observation.js';
import { SIGNAL_TYPES, signalsOf } from './incident-signals.js';
import { finishStep, type ReadyStep, type StartedStep, startStep } from './run-steps/apply-step.js';
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
import type { RunMode, RunStepsDeps, StepRequest } from './run-steps/step-request.js';

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
 * The plan a step applies: the one journaled when it first started, or (run again alongside a step run again) a
 * fresh one that keeps what the first attempt observed, so its undo still restores what was there before Rekey.
 */
function planOf(
  { action, parameters, context }: ReadyStep,
  journaled: Record<string, unknown> | undefined,
  afresh: boolean,
): Record<string, unknown> | undefined {
  if (!journaled || !afresh) return journaled;
  return { ...action.plan(parameters, context), ...(journaled.before ? { before: journaled.before } : {}) };
}

/**
 * The requests in waves, by index: a step whose action runs alongside the one before it (and both change
 * something, in apply mode) joins that step's wave; every other step starts a wave of its own, after the last.
 */
function wavesOf(
  requests: StepRequest[],
  prepare: (request: StepRequest) => PreparedStep,
  mode: RunMode,
): number[][] {
  const alongside = (i: number): boolean => {
    if (mode !== 'apply' || i === 0) return false;
    try {
      const [step, before] = [prepare(requests[i] as StepRequest), prepare(requests[i - 1] as StepRequest)];
      return (
        step.ok &&
        before.ok &&
        step.action.runsAlongside === true &&
        before.action.descriptor.mutating === true
      );
    } catch {
      return false;
    }
  };
  const waves: number[][] = [];
  for (const i of requests.keys()) {
    const last = waves.at(-1);
    if (last && alongside(i)) last.push(i);
    else waves.push([i]);
  }
  return waves;
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
  const observed = freshHolderObservations(
    believed.filter((e) => (SIGNAL_TYPES as readonly string[]).includes(e.type)),
    deps.clock.now(),
  );
  const prepare = stepPreparer(
    { incidentId, signals: signalsOf(believed), restoredSteps: restoredStepsOf(history), observed },
    deps,
  );
  const early = observeEarly(requests, prepare, history, mode, observed);
  await noteRepeatedRun(incidentId, requests, history, deps);
  const outcomes: StepOutcome[] = [];
  /** A step of a wave, done already, simulated, or journaled as started and ready for its first change. */
  const readyInWave = async (i: number, wave: number[]): Promise<StepOutcome | StartedStep> => {
    const request = requests[i] as StepRequest;
    // A step run alongside another is run again, planned afresh, whenever that one runs again.
    const rerun =
      wave.some((j) => j < i) && !lastEntry(history, requests[i - 1]?.step ?? '', 'step-succeeded');
    const done = lastEntry(history, request.step, 'step-succeeded');
    if (done && !rerun) return StepOutcomeSchema.parse(done.data?.outcome);
    const step = readyOrThrow(request, prepare(request));
    // Simulating changes nothing; the looking steps (an investigation, a verification) only read, so they run.
    if (mode === 'simulate' && step.action.descriptor.mutating)
      return simulateStep(incidentId, request, step.parameters, step.context, deps);
    const plan = planOf(step, journaledPlan(history, request.step), rerun);
    return startStep(incidentId, request, step, plan, early[i], deps);
  };
  for (const wave of wavesOf(requests, prepare, mode)) {
    const ready: Array<StepOutcome | StartedStep> = [];
    // Every step of the wave is journaled as started, in one write, before the first of them changes anything;
    // then they change things at the same time. A step that cannot start stops the wave there: the steps before
    // it still run.
    let unstarted: { error: unknown } | undefined;
    for (const i of wave) {
      try {
        ready.push(await readyInWave(i, wave));
      } catch (error) {
        unstarted = { error };
        break;
      }
    }
    const starting = ready.flatMap((r) => ('request' in r ? [r.started] : []));
    if (starting.length > 0) await deps.timeline.appendAll(incidentId, starting);
    const settled = await Promise.allSettled(
      ready.map((r) => ('request' in r ? finishStep(incidentId, r, deps) : r)),
    );
    // The first failure in the playbook's order is the group's, for the state machine's Retry/Catch.
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    if (unstarted) throw unstarted.error;
    for (const r of settled) if (r.status === 'fulfilled') outcomes.push(r.value);
  }
  return outcomes;
}
