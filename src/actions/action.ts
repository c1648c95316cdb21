import type { z } from 'zod';
import type { ActionDescriptor, StepOutcome } from '../domain/actions.js';
import type { Clock } from '../domain/clock.js';
import type { Identity } from '../ports/identity.js';

/** What an action may use: the account's IAM, the clock, and the incident and step it runs for. */
export interface ActionContext {
  incidentId: string;
  step: string;
  identity: Identity;
  clock: Clock;
}

/** Decisions an action fixes before it changes anything (a policy name, a cut-off time); journaled, reused on retry. */
export type ActionPlan = Record<string, unknown>;

/** A catalogued action: its descriptor, how it plans, and how it applies the plan. */
export interface Action<D extends ActionDescriptor = ActionDescriptor> {
  descriptor: D;
  plan(parameters: z.infer<D['parameters']>, context: ActionContext): ActionPlan;
  apply(
    parameters: z.infer<D['parameters']>,
    plan: ActionPlan,
    context: ActionContext,
  ): Promise<Omit<StepOutcome, 'step' | 'action' | 'at'>>;
}
