import { notify } from '../notify.js';
import type { ApprovalDeps } from './approval-deps.js';

/** Records that nobody answered in time (the state machine's timeout catcher calls this). */
export async function recordApprovalTimeout(
  incidentId: string,
  step: string,
  deps: Pick<ApprovalDeps, 'approvals' | 'timeline' | 'clock' | 'notifier'>,
): Promise<void> {
  const now = deps.clock.now();
  await deps.approvals.settle(incidentId, step, { status: 'timed-out', decidedAt: now.toISOString() });
  await deps.timeline.append(incidentId, {
    type: 'approval-timed-out',
    at: now.toISOString(),
    actor: 'rekey:approval',
    step,
    summary: `Nobody answered the approval for ${step} in time`,
  });
  const record = await deps.approvals.get(incidentId, step);
  await notify(
    {
      incidentId,
      kind: 'approval-decided',
      title: `Timed out: ${record?.summary ?? step}`,
      lines: [
        `⌛ Nobody answered by ${record?.deadline ?? now.toISOString()}: the playbook goes on as it says`,
      ],
      drill: record?.drill ?? false,
      step,
      replaces: `approval:${step}`,
    },
    deps,
  );
}
