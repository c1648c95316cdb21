import type { Clock } from '../../domain/clock.js';
import type { ApprovalStore, Responder } from '../../ports/approvals.js';
import type { Notifier } from '../../ports/notifier.js';
import type { TimelineStore } from '../../ports/timeline-store.js';
import type { Workflow } from '../../ports/workflow.js';

/** What asking for and recording approvals needs. */
export interface ApprovalDeps {
  approvals: ApprovalStore;
  notifier: Notifier;
  timeline: TimelineStore;
  workflow: Workflow;
  clock: Clock;
  responders: readonly Responder[];
}
