import { z } from 'zod';
import { type RolledBack, rollback } from '../app/rollback.js';
import { type RunMode, type RunStepsDeps, runSteps, StepRequestSchema } from '../app/run-steps.js';
import type { StepOutcome } from '../domain/actions.js';
import type { Log } from '../ports/log.js';

/** The action function's input: consecutive steps of one incident, run in one invocation. */
export const ActionPayloadSchema = z.object({
  incidentId: z.string().min(1),
  /** The incident is a live drill's: nothing may change. */
  drill: z.boolean().optional(),
  steps: z.array(StepRequestSchema).min(1),
});

/** How the action function treats a drill's incident. */
export interface DrillSafety {
  /**
   * `simulate` (the default, and what every deployment uses): a drill's steps are planned and checked, never
   * applied. `sandbox`: the local runtime, whose account is simulated, applies them to the sandbox.
   */
  drills?: 'simulate' | 'sandbox';
  /** Whether the registry records the incident as a drill's (asked independently of the payload's flag). */
  isDrill?: (incidentId: string) => Promise<boolean>;
}

/** A restore agreed in Slack: undo one step's journaled change. */
export const RollbackPayloadSchema = z.object({
  op: z.literal('rollback'),
  incidentId: z.string().min(1),
  step: z.string().min(1),
  actor: z.string().min(1),
});

/** The action function: runs the steps in order and returns what each did, or rolls one step back. */
export function createActionHandler(deps: RunStepsDeps & DrillSafety & { log: Log }) {
  return async (payload: unknown): Promise<{ outcomes: StepOutcome[] } | { rolledBack: RolledBack[] }> => {
    const restore = RollbackPayloadSchema.safeParse(payload);
    if (restore.success) {
      const { incidentId, step, actor } = restore.data;
      const rolledBack = await rollback(incidentId, { step, actor }, deps);
      deps.log.info('rolled back', { incidentId, step, results: rolledBack.map((r) => r.result) });
      return { rolledBack };
    }
    const { incidentId, steps, drill } = ActionPayloadSchema.parse(payload);
    // Drill safety, the second and independent check: the payload's flag or the registry's record either way. The
    // registry's read runs alongside the journal's, so it adds no round trip before containment.
    const mode = (async (): Promise<RunMode> => {
      const simulate =
        (deps.drills ?? 'simulate') === 'simulate' &&
        (drill === true || (await deps.isDrill?.(incidentId)) === true);
      if (simulate) deps.log.info('drill incident: simulating', { incidentId });
      return simulate ? 'simulate' : 'apply';
    })();
    const outcomes = await runSteps(incidentId, steps, { ...deps, mode });
    deps.log.info('steps done', { incidentId, steps: outcomes.map((o) => `${o.step}:${o.status}`) });
    return { outcomes };
  };
}
