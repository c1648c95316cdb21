import { z } from 'zod';

/** What the action catalogue declares about an action; playbooks are validated against these. */
export interface ActionDescriptor<P extends z.ZodType = z.ZodType> {
  name: string;
  title: string;
  parameters: P;
  /** Whether it changes the account (a drill in simulate mode only plans it). */
  mutating: boolean;
  /** Whether its journal carries enough to undo it. */
  reversible: boolean;
  /** The error names it can raise, as Retry/Catch see them. */
  errors: readonly string[];
}

const accountId = z.string().regex(/^\d{12}$/, 'a 12-digit account id');
const accessKeyId = z.string().regex(/^AKIA[A-Z0-9]{16}$/, 'a long-term access key id (AKIA...)');

/** Set a user's exposed access key to Inactive; never deletes it, never touches its siblings. */
export const deactivateAccessKey = {
  name: 'deactivate-access-key',
  title: 'Deactivate the exposed access key',
  parameters: z.object({ accountId, userName: z.string().min(1), accessKeyId }),
  mutating: true,
  reversible: true,
  errors: ['NotFoundError', 'ThrottlingError'],
} satisfies ActionDescriptor;

/** Deny everything to the user's sessions issued before containment (`aws:TokenIssueTime`). */
export const revokeUserSessions = {
  name: 'revoke-user-sessions',
  title: "Revoke the user's live sessions",
  parameters: z.object({ accountId, userName: z.string().min(1) }),
  mutating: true,
  reversible: true,
  errors: ['NotFoundError', 'PolicyQuotaExceededError', 'ThrottlingError'],
} satisfies ActionDescriptor;

/** Every action Rekey knows, by name. */
export const ACTION_DESCRIPTORS = {
  'deactivate-access-key': deactivateAccessKey,
  'revoke-user-sessions': revokeUserSessions,
} as const satisfies Record<string, ActionDescriptor>;

/** The name of a catalogued action. */
export type ActionName = keyof typeof ACTION_DESCRIPTORS;

/** The catalogued action names, for schemas. */
export const ACTION_NAMES = Object.keys(ACTION_DESCRIPTORS) as [ActionName, ...ActionName[]];

/** How to undo what an action changed: another call, with its parameters. */
export const UndoSchema = z.object({ operation: z.string(), parameters: z.record(z.string(), z.unknown()) });

/** What one step did: the journal entry that makes retries idempotent and rollbacks possible. */
export const StepOutcomeSchema = z.object({
  step: z.string(),
  action: z.string(),
  status: z.enum(['changed', 'unchanged']),
  summary: z.string(),
  at: z.iso.datetime({ offset: true }),
  prior: z.record(z.string(), z.unknown()).optional(),
  undo: UndoSchema.optional(),
  facts: z.record(z.string(), z.unknown()).optional(),
});

/** What one step did. */
export type StepOutcome = z.infer<typeof StepOutcomeSchema>;
