import type { FailedWithFacts, PartiallyApplied } from '../../actions/action.js';
import type { StepOutcome } from '../../domain/actions.js';
import type { TimelineDraft } from '../../domain/timeline.js';
import type { EarlyObservation } from './early-observations.js';
import { errorParts } from './journal.js';
import type { PreparedStep } from './step-context.js';
import type { RunStepsDeps, StepRequest } from './step-request.js';

/** A step whose parameters parsed: ready to run. */
export type ReadyStep = Extract<PreparedStep, { ok: true }>;

type JournalDeps = Pick<RunStepsDeps, 'timeline' | 'clock' | 'actor'>;

/** Where a step acted: its account, and its region when it has one (a rollback acts there). */
function whereOf({ accountId, parameters }: ReadyStep): { accountId: string; region?: string } {
  return { accountId, ...(parameters.region ? { region: String(parameters.region) } : {}) };
}

/** The step's plan, with what it observed before changing anything; a failure to observe is journaled and thrown. */
async function freshPlan(
  incidentId: string,
  request: StepRequest,
  { action, parameters, context }: ReadyStep,
  early: EarlyObservation,
  deps: JournalDeps,
): Promise<{ plan: Record<string, unknown>; observedJustNow: boolean }> {
  const plan = action.plan(parameters, context);
  // Nothing has changed yet: a failure to observe fails this attempt, and a retry observes afresh.
  let before: Record<string, unknown> | undefined;
  try {
    before = await (early ?? action.observe?.(parameters, plan, context));
  } catch (error) {
    const { name, message } = errorParts(error);
    await deps.timeline.append(incidentId, {
      type: 'step-failed',
      at: deps.clock.now().toISOString(),
      actor: deps.actor,
      step: request.step,
      summary: `${action.descriptor.title} failed before changing anything: ${name}: ${message}`,
      data: { error: name, message },
    });
    throw error;
  }
  return { plan: before ? { ...plan, before } : plan, observedJustNow: before !== undefined };
}

/**
 * Journals a step that failed while applying, with what it changed before failing (a rollback undoes it) and what it
 * established (the steps that go on after it read it).
 */
async function journalFailure(
  incidentId: string,
  request: StepRequest,
  step: ReadyStep,
  error: unknown,
  deps: JournalDeps,
): Promise<void> {
  const { name, message } = errorParts(error);
  const { partialUndo, touched } = error as Partial<PartiallyApplied>;
  const { facts } = error as Partial<FailedWithFacts>;
  await deps.timeline.append(incidentId, {
    type: 'step-failed',
    at: deps.clock.now().toISOString(),
    actor: deps.actor,
    step: request.step,
    summary: `${step.action.descriptor.title} failed: ${name}: ${message}${partialUndo ? ' (after changing something: rollback undoes it)' : ''}`,
    data: {
      error: name,
      message,
      ...(facts ? { facts } : {}),
      ...(partialUndo
        ? { undo: partialUndo, ...(touched?.length ? { touched } : {}), ...whereOf(step) }
        : {}),
    },
  });
}

/** A step with the plan it applies and its step-started entry: ready for its first change once that is journaled. */
export interface StartedStep {
  request: StepRequest;
  step: ReadyStep;
  plan: Record<string, unknown>;
  observedJustNow: boolean;
  started: TimelineDraft;
}

/**
 * Observes a step's target and drafts its step-started entry with the plan (a retry reuses the plan journaled
 * when it first started): once that entry is appended, the step may change things.
 */
export async function startStep(
  incidentId: string,
  request: StepRequest,
  step: ReadyStep,
  journaled: Record<string, unknown> | undefined,
  early: EarlyObservation,
  deps: JournalDeps,
): Promise<StartedStep> {
  const { action, parameters } = step;
  const { plan, observedJustNow } = journaled
    ? { plan: journaled, observedJustNow: false }
    : await freshPlan(incidentId, request, step, early, deps);
  const started: TimelineDraft = {
    type: 'step-started',
    at: deps.clock.now().toISOString(),
    actor: deps.actor,
    step: request.step,
    summary: `${action.descriptor.title}${journaled ? ' (retry, journaled plan reused)' : ''}`,
    data: { action: request.action, parameters, plan },
  };
  return { request, step, plan, observedJustNow, started };
}

/** Applies a started step and journals the outcome or the failure, which it re-throws. */
export async function finishStep(
  incidentId: string,
  { request, step, plan, observedJustNow }: StartedStep,
  deps: JournalDeps,
): Promise<StepOutcome> {
  const { action, parameters, context } = step;
  try {
    const result = await action.apply(parameters, plan, { ...context, observedJustNow });
    const at = deps.clock.now().toISOString();
    const outcome: StepOutcome = { step: request.step, action: request.action, at, ...result };
    await deps.timeline.append(incidentId, {
      type: 'step-succeeded',
      at: outcome.at,
      actor: deps.actor,
      step: request.step,
      summary: outcome.summary,
      data: { outcome, ...whereOf(step) },
    });
    return outcome;
  } catch (error) {
    await journalFailure(incidentId, request, step, error, deps);
    throw error;
  }
}
