import { z } from 'zod';
import { ACTIONS } from '../actions/catalogue.js';
import { ACTION_NAMES, type StepOutcome, StepOutcomeSchema } from '../domain/actions.js';
import type { Clock } from '../domain/clock.js';
import { InvalidInputError } from '../domain/errors.js';
import type { TimelineEntry } from '../domain/timeline.js';
import type { IdentityProvider } from '../ports/identity.js';
import type { TimelineStore } from '../ports/timeline-store.js';

/** One playbook step to run: a catalogued action with its parameters. */
export const StepRequestSchema = z.object({
  step: z.string().min(1),
  action: z.enum(ACTION_NAMES),
  parameters: z.record(z.string(), z.unknown()),
});

/** One playbook step to run. */
export type StepRequest = z.infer<typeof StepRequestSchema>;

/** What running steps needs. */
export interface RunStepsDeps {
  identityFor: IdentityProvider;
  timeline: TimelineStore;
  clock: Clock;
  actor: string;
}

function lastEntry(
  entries: TimelineEntry[],
  step: string,
  type: TimelineEntry['type'],
): TimelineEntry | undefined {
  return entries.findLast((e) => e.step === step && e.type === type);
}

/**
 * Runs consecutive steps in order within one invocation, journaling each in the timeline: a step already
 * succeeded is not run again, and a retried step reuses the plan journaled when it first started.
 * The first failure is recorded and re-thrown with its name, for the state machine's Retry/Catch.
 */
export async function runSteps(
  incidentId: string,
  requests: StepRequest[],
  deps: RunStepsDeps,
): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  const history = await deps.timeline.list(incidentId);
  for (const request of requests) {
    const done = lastEntry(history, request.step, 'step-succeeded');
    if (done) {
      outcomes.push(StepOutcomeSchema.parse(done.data?.outcome));
      continue;
    }
    const action = ACTIONS[request.action];
    const parsed = action.descriptor.parameters.safeParse(request.parameters);
    if (!parsed.success) {
      throw new InvalidInputError(
        `step ${request.step}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    const parameters = parsed.data as Record<string, unknown>;
    const context = {
      incidentId,
      step: request.step,
      identity: deps.identityFor(String(parameters.accountId)),
      clock: deps.clock,
    };
    const journaled = lastEntry(history, request.step, 'step-started')?.data?.plan as
      | Record<string, unknown>
      | undefined;
    const plan = journaled ?? action.plan(parameters, context);
    await deps.timeline.append(incidentId, {
      type: 'step-started',
      at: deps.clock.now().toISOString(),
      actor: deps.actor,
      step: request.step,
      summary: `${action.descriptor.title}${journaled ? ' (retry, journaled plan reused)' : ''}`,
      data: { action: request.action, parameters, plan },
    });
    try {
      const result = await action.apply(parameters, plan, context);
      const outcome: StepOutcome = {
        step: request.step,
        action: request.action,
        at: deps.clock.now().toISOString(),
        ...result,
      };
      await deps.timeline.append(incidentId, {
        type: 'step-succeeded',
        at: outcome.at,
        actor: deps.actor,
        step: request.step,
        summary: outcome.summary,
        data: { outcome },
      });
      outcomes.push(outcome);
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      await deps.timeline.append(incidentId, {
        type: 'step-failed',
        at: deps.clock.now().toISOString(),
        actor: deps.actor,
        step: request.step,
        summary: `${action.descriptor.title} failed: ${name}: ${message}`,
        data: { error: name, message },
      });
      throw error;
    }
  }
  return outcomes;
}
