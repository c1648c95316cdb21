import type { ActionContext } from '../../actions/action.js';
import { ACTIONS } from '../../actions/catalogue.js';
import type { StepOutcome } from '../../domain/actions.js';
import type { RunStepsDeps, StepRequest } from './step-request.js';

/** Plans a step and checks Rekey's permission for each call it would make, changing nothing; journals the verdict. */
export async function simulateStep(
  incidentId: string,
  request: StepRequest,
  parameters: Record<string, unknown>,
  context: ActionContext,
  deps: Pick<RunStepsDeps, 'permissions' | 'timeline' | 'clock' | 'actor'>,
): Promise<StepOutcome> {
  const action = ACTIONS[request.action];
  const plan = action.plan(parameters, context);
  const calls = await action.calls(parameters, plan, context);
  const verdicts = deps.permissions
    ? await deps.permissions.check(calls)
    : calls.map((c) => ({ ...c, allowed: false, reason: 'no way to check' }));
  const denied = verdicts.filter((v) => !v.allowed);
  const outcome: StepOutcome = {
    step: request.step,
    action: request.action,
    status: 'simulated',
    at: deps.clock.now().toISOString(),
    summary: `${action.descriptor.title}: would make ${calls.map((c) => c.operation).join(', ') || 'no call'}${
      denied.length
        ? `; Rekey may not: ${denied.map((d) => `${d.operation} (${d.reason})`).join(', ')}`
        : '; Rekey may make every call'
    }`,
    // What the step would report, as far as its plan says (a later step may read it: the revoke's cut-off).
    facts: {
      ...plan,
      ...(typeof plan.issuedBefore === 'string' ? { tokenIssuedBefore: plan.issuedBefore } : {}),
      plan,
      calls: verdicts,
    },
  };
  await deps.timeline.append(incidentId, {
    type: 'step-simulated',
    at: outcome.at,
    actor: deps.actor,
    step: request.step,
    summary: outcome.summary,
    data: { outcome },
  });
  return outcome;
}
