import * as z from 'zod';
import { ACTION_NAMES } from '../domain/actions.js';
import { EVIDENCE_SOURCES, EXPOSURE_KINDS } from '../domain/detection.js';
import { DurationTextSchema, durationMs } from '../domain/duration.js';

/** A duration as playbooks write it (one grammar with drills'), in whole seconds as Step Functions takes them. */
export const DurationSchema = DurationTextSchema.refine(
  (text) => durationMs(text) % 1000 === 0,
  'a whole number of seconds (Step Functions counts timeouts and waits in seconds)',
);

/** Seconds in a playbook duration. */
export function durationSeconds(duration: string): number {
  return durationMs(duration) / 1000;
}

/** A condition under which a step needs nobody's approval. */
export const AutoApproveConditionSchema = z.union([
  z.object({ severityAtLeast: z.number().min(0).max(10) }).strict(),
  z.object({ awsReportedExposed: z.literal(true) }).strict(),
  /** Whatever the evidence (except from `neverAutoApprove` sources). */
  z.object({ always: z.literal(true) }).strict(),
]);

/**
 * What a step does when it fails (after its retries): go on, escalate at once, abort, or go on with the next steps
 * and escalate at the end instead of closing contained (`continue-then-escalate`: responders are told at once).
 */
export const FailureHandlingSchema = z.enum(['continue', 'continue-then-escalate', 'escalate', 'abort']);

/** Retries of a step on named errors (the errors its action declares). */
export const RetrySchema = z
  .object({
    errors: z.array(z.string().min(1)).min(1),
    attempts: z.number().int().min(1).max(10).default(3),
    interval: DurationSchema.default('1s'),
    backoff: z.number().min(1).max(10).default(2),
  })
  .strict();

/** A step: one catalogued action, its parameters, and how it is approved, retried and failed. */
export const StepSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    action: z.enum(ACTION_NAMES),
    /** What a responder is asked to approve, when the action's own title does not say it (one action, two uses). */
    title: z.string().min(1).max(200).optional(),
    /** Values, or `{{ incident.… }}`, `{{ steps.<id>.facts.… }}` and `{{ item.… }}` references. */
    parameters: z.record(z.string(), z.unknown()).default({}),
    approval: z.enum(['none', 'required', 'two-person']).default('none'),
    /** Any of these met, the approval is skipped. */
    autoApprove: z.array(AutoApproveConditionSchema).default([]),
    /** Evidence from these sources always waits for a responder (anyone who can put a scanner event could forge it). */
    neverAutoApprove: z.array(z.enum(EVIDENCE_SOURCES)).default([]),
    approvalTimeout: DurationSchema.default('30m'),
    onApprovalTimeout: z.enum(['proceed', 'abort', 'escalate']).default('escalate'),
    /** A denial dismisses the incident, or (for a step after containment) only skips this step. */
    onApprovalDenied: z.enum(['dismiss', 'skip']).default('dismiss'),
    /** Retries on named errors; without it, the playbook's `defaults.retry`. */
    retry: z.array(RetrySchema).optional(),
    onFailure: z
      .union([
        FailureHandlingSchema,
        z.record(z.string(), z.union([FailureHandlingSchema, z.literal('reraise')])),
      ])
      .default('escalate'),
    /**
     * Skip the step (on to the next) when an earlier step's fact is true: `{{ steps.<id>.facts.<name> }}`, e.g. a
     * first step that could do everything already. A step that asks a responder shows that step's summary.
     */
    skipIf: z
      .string()
      .regex(
        /^\{\{\s*steps\.[a-z][a-z0-9-]*\.facts\.[\w-]+\s*\}\}$/,
        'a reference {{ steps.<id>.facts.<name> }}',
      )
      .optional(),
    /** Wait this long before the step (a verification window; on the simulated clock in drills). */
    after: DurationSchema.optional(),
    /** Run the step once per element of a list an earlier step found (`{{ steps.pivot.facts.roles }}`). */
    forEach: z.string().optional(),
  })
  .strict();

/** A playbook: which exposures it handles and its steps, in order. */
export const PlaybookSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    title: z.string().min(1),
    description: z.string().default(''),
    handles: z.array(z.enum(EXPOSURE_KINDS)),
    /** What every step has unless it says otherwise (retrying on throttling, say). */
    defaults: z
      .object({ retry: z.array(RetrySchema).default([]) })
      .strict()
      .default({ retry: [] }),
    /** No steps: the playbook escalates to people at once (what Rekey recognises but cannot act on). */
    steps: z.array(StepSchema),
    /** What responders must do by hand when the playbook escalates: in the escalation notice and the review. */
    checklist: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .refine((p) => (p.steps.length === 0) === (p.handles.length === 0), {
    message:
      'a playbook with steps handles some kind of exposure; one without steps (escalation) handles none',
  })
  // Each step as it runs: its own retries, or the playbook's defaults.
  .transform((p) => ({ ...p, steps: p.steps.map((s) => ({ ...s, retry: s.retry ?? p.defaults.retry })) }));

/** A playbook as written. */
export type Playbook = z.infer<typeof PlaybookSchema>;

/** One step of a playbook, its defaults applied. */
export type PlaybookStep = Playbook['steps'][number];

/** The playbook schema as JSON Schema, for editors. */
export function playbookJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(PlaybookSchema, { io: 'input' }) as Record<string, unknown>;
}
