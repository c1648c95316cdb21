import { z } from 'zod';
import { type RunStepsDeps, runSteps, StepRequestSchema } from '../app/run-steps.js';
import type { StepOutcome } from '../domain/actions.js';
import type { Log } from '../ports/log.js';

/** The action function's input: consecutive steps of one incident, run in one invocation. */
export const ActionPayloadSchema = z.object({
  incidentId: z.string().min(1),
  steps: z.array(StepRequestSchema).min(1),
});

/** The action function: runs the steps in order and returns what each did. */
export function createActionHandler(deps: RunStepsDeps & { log: Log }) {
  return async (payload: unknown): Promise<{ outcomes: StepOutcome[] }> => {
    const { incidentId, steps } = ActionPayloadSchema.parse(payload);
    const outcomes = await runSteps(incidentId, steps, deps);
    deps.log.info('steps done', { incidentId, steps: outcomes.map((o) => `${o.step}:${o.status}`) });
    return { outcomes };
  };
}
