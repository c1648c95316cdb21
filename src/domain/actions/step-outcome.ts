import * as z from 'zod';

/** How to undo what an action changed: another call, with its parameters. */
export const UndoSchema = z.object({ operation: z.string(), parameters: z.record(z.string(), z.unknown()) });

/** A call an action would make, for simulate mode's permission check. */
export interface PlannedCall {
  /** `service:Action`, as IAM authorises it. */
  operation: string;
  resource: string;
}

/** How to undo what an action changed. */
export type Undo = z.infer<typeof UndoSchema>;

/** What one step did: the journal entry that makes retries idempotent and rollbacks possible. */
export const StepOutcomeSchema = z.object({
  step: z.string(),
  action: z.string(),
  status: z.enum(['changed', 'unchanged', 'simulated']),
  summary: z.string(),
  at: z.iso.datetime({ offset: true }),
  prior: z.record(z.string(), z.unknown()).optional(),
  undo: UndoSchema.optional(),
  facts: z.record(z.string(), z.unknown()).optional(),
});

/** What one step did. */
export type StepOutcome = z.infer<typeof StepOutcomeSchema>;
