import * as z from 'zod';
import { type Recalled, recallSteps, StepResultSchema } from '../app/recall-steps.js';
import { carryOutRestore } from '../app/restore.js';
import type { RolledBack } from '../app/rollback.js';
import { type RunMode, type RunStepsDeps, runSteps, StepRequestSchema } from '../app/run-steps.js';
import type { StepOutcome } from '../domain/actions.js';
import type { ApprovalStore, Responder } from '../ports/approvals.js';
import type { Log } from '../ports/log.js';
import { anchoredBeforeReturning } from './anchored.js';

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

/** A restore agreed in Slack, handed over through the restore queue: which step; never who agreed. */
export const RollbackPayloadSchema = z.object({
  op: z.literal('rollback'),
  incidentId: z.string().min(1),
  step: z.string().min(1),
});

/**
 * After an invocation failed and the run goes on (continue-then-escalate): its steps' results, fallbacks given, to
 * be answered from the journal with what each step did or established.
 */
export const RecallPayloadSchema = z.object({
  op: z.literal('recall'),
  incidentId: z.string().min(1),
  /** The keys of the group's steps in `results`, in the order they run. */
  keys: z.array(z.string()).min(1),
  results: z.record(z.string(), z.unknown()),
});

/** An SQS delivery to a Lambda: the restore queue's messages. */
const SqsEventSchema = z.object({
  Records: z.array(z.object({ eventSource: z.literal('aws:sqs'), body: z.string() })).min(1),
});

/** What the action function needs besides running steps: the approvals and responders a restore is checked by. */
export interface RestoreChecks {
  approvals: ApprovalStore;
  responders: readonly Responder[];
}

/** Restore requests, from the restore queue (SQS) or a local caller. */
function restoreRequests(payload: unknown): Array<z.infer<typeof RollbackPayloadSchema>> | undefined {
  const direct = RollbackPayloadSchema.safeParse(payload);
  if (direct.success) return [direct.data];
  const sqs = SqsEventSchema.safeParse(payload);
  if (!sqs.success) return undefined;
  return sqs.data.Records.map((r) => RollbackPayloadSchema.parse(JSON.parse(r.body)));
}

/**
 * The action function: runs the steps in order and returns what each did, carries out an agreed restore, or recalls
 * from the journal what a failed invocation's steps did.
 */
export function createActionHandler(deps: RunStepsDeps & DrillSafety & RestoreChecks & { log: Log }) {
  return anchoredBeforeReturning(
    deps.timeline,
    async (
      payload: unknown,
    ): Promise<{ outcomes: StepOutcome[] } | { rolledBack: RolledBack[] } | Recalled> => {
      const recall = RecallPayloadSchema.safeParse(payload);
      if (recall.success) {
        const { incidentId, keys, results } = recall.data;
        const given = Object.fromEntries(keys.map((k) => [k, StepResultSchema.parse(results[k])]));
        return recallSteps(incidentId, given, deps.timeline);
      }
      const restores = restoreRequests(payload);
      if (restores) {
        const rolledBack: RolledBack[] = [];
        for (const { incidentId, step } of restores) {
          const results = await carryOutRestore({ incidentId, step }, deps);
          deps.log.info('restore', { incidentId, step, results: results.map((r) => r.result) });
          rolledBack.push(...results);
        }
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
    },
  );
}
