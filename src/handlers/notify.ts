import * as z from 'zod';
import { composeNotice } from '../app/compose-notice.js';
import { notify } from '../app/notify.js';
import type { Clock } from '../domain/clock.js';
import { IncidentSchema } from '../domain/incident.js';
import type { Notifier } from '../ports/notifier.js';
import type { TimelineStore } from '../ports/timeline-store.js';
import { anchoredBeforeReturning } from './anchored.js';

/** The notify function's input (invoked asynchronously: nothing waits for it). */
export const NotifyPayloadSchema = z.object({
  incident: IncidentSchema,
  kind: z.enum(['incident-opened', 'contained', 'escalated', 'dismissed', 'breached', 'closed']),
  details: z.unknown().optional(),
  /** What responders must do by hand, with an escalation. */
  checklist: z.array(z.string()).optional(),
  /** With a step's notice: the changes the playbook may still make after it. */
  more: z.array(z.string()).optional(),
  /** With a step's notice: the run's closing so far, the escalations steps before it deferred included. */
  closing: z
    .object({
      escalations: z.record(z.string(), z.object({ step: z.string(), reason: z.string() })).optional(),
    })
    .optional(),
  /** The notice's own id (made once per invocation by the state): a repeated invocation posts nothing. */
  noticeId: z.string().min(1).optional(),
});

/** The notify function: composes the notice, sends it, records the attempt; never fails the playbook. */
export function createNotifyHandler(deps: { notifier: Notifier; timeline: TimelineStore; clock: Clock }) {
  return anchoredBeforeReturning(deps.timeline, async (payload: unknown): Promise<{ delivered: boolean }> => {
    const { incident, kind, details, checklist, more, closing, noticeId } =
      NotifyPayloadSchema.parse(payload);
    const notice = composeNotice(incident, kind, details, more, Object.values(closing?.escalations ?? {}));
    if (checklist?.length) notice.lines.push('Do now:', ...checklist.map((item) => `☐ ${item}`));
    if (noticeId) notice.id = noticeId;
    return { delivered: await notify(notice, deps) };
  });
}
