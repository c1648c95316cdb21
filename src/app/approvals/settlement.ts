import type { ApprovalRecord } from '../../ports/approvals.js';
import type { ApprovalDeps } from './approval-deps.js';

/** The error name a denied approval fails its task with; playbooks catch it. */
export const APPROVAL_DENIED = 'ApprovalDeniedError';

/** What a settled decision releases, and whether its message replaces the request's. */
export interface Settlement {
  release(
    record: ApprovalRecord,
    status: 'approved' | 'denied',
    approvers: string[],
    decidedBy: string,
  ): Promise<void>;
  replacesRequest: boolean;
}

/** A playbook's approval: the waiting task succeeds, or fails with ApprovalDeniedError. */
export function releaseTask(deps: Pick<ApprovalDeps, 'workflow' | 'clock'>): Settlement {
  return {
    replacesRequest: true,
    async release(record, status, approvers, decidedBy) {
      if (status === 'approved')
        await deps.workflow.sendTaskSuccess(record.taskToken, {
          approvedBy: approvers.join(','),
          approvedAt: deps.clock.now().toISOString(),
        });
      else await deps.workflow.sendTaskFailure(record.taskToken, APPROVAL_DENIED, `denied by ${decidedBy}`);
    },
  };
}
