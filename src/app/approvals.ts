// The approval use cases, one job a file in approvals/: asking, deciding (with the two-person rule), timing out.
// Callers (the handlers, restore, the drills) take them from here.
export type { ApprovalDeps } from './approvals/approval-deps.js';
export { recordApprovalTimeout } from './approvals/approval-timeout.js';
export { type ApprovalDecision, type DecisionResult, decideApproval } from './approvals/decide-approval.js';
export { type ApprovalRequest, executionLink, requestApproval } from './approvals/request-approval.js';
export { APPROVAL_DENIED, type Settlement } from './approvals/settlement.js';
