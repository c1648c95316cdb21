import * as z from 'zod';
import { type ApprovalDeps, recordApprovalTimeout, requestApproval } from '../app/approvals.js';
import { IncidentSchema } from '../domain/incident.js';
import { anchoredBeforeReturning } from './anchored.js';

/** The approval function's input: ask (with the task token), or record that nobody answered in time. */
export const ApprovalPayloadSchema = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('request'),
    incident: IncidentSchema,
    step: z.string().min(1),
    summary: z.string().min(1),
    /** Who else each change affects, for the responder. */
    blastRadius: z.array(z.string()).default([]),
    alsoRuns: z.array(z.string()).optional(),
    /** What the earlier step the approval could have been skipped on found (why it asks). */
    found: z.string().optional(),
    /** For a step run once per element of a list: the elements it will change. */
    items: z.array(z.unknown()).optional(),
    timeoutSeconds: z.number().int().positive(),
    taskToken: z.string().min(1),
    /** Two for a two-person step: two different responders must approve. */
    approversNeeded: z.number().int().min(1).max(2).default(1),
    executionId: z.string().optional(),
  }),
  z.object({ op: z.literal('timed-out'), incidentId: z.string().min(1), step: z.string().min(1) }),
]);

/** The approval function: the waitForTaskToken step that asks, and the timeout catcher that records. */
export function createApprovalHandler(
  deps: Pick<ApprovalDeps, 'approvals' | 'notifier' | 'timeline' | 'clock'>,
) {
  return anchoredBeforeReturning(deps.timeline, async (payload: unknown): Promise<{ ok: true }> => {
    const input = ApprovalPayloadSchema.parse(payload);
    if (input.op === 'request') await requestApproval(input, deps);
    else await recordApprovalTimeout(input.incidentId, input.step, deps);
    return { ok: true };
  });
}
