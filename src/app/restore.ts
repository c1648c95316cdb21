import type { IncidentRegistry } from '../ports/incident-registry.js';
import type { Restorer } from '../ports/restorer.js';
import { type ApprovalDeps, type DecisionResult, decideApproval } from './approvals.js';

/** How many different responders must agree to undo a containment step. */
export const RESTORE_APPROVERS = 2;

/** How long a restore request stays open after its first click. */
const RESTORE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The approval record's step name for restoring a step. */
export const restoreStep = (step: string) => `restore:${step}`;

/**
 * A responder's click on Restore: under the same rules as an approval (a responder, not the exposure's subject,
 * each counted once), two different responders by default; the second one's click has the step rolled back.
 */
export async function requestRestore(
  click: { incidentId: string; step: string; slackUserId: string },
  deps: Omit<ApprovalDeps, 'workflow'> & { registry: IncidentRegistry; restorer: Restorer },
): Promise<DecisionResult> {
  const step = restoreStep(click.step);
  const incident = await deps.registry.get(click.incidentId);
  if (incident) {
    const now = deps.clock.now();
    // The first click opens the request; a concurrent first click finds it open (a conditional write).
    await deps.approvals.create({
      incidentId: click.incidentId,
      step,
      taskToken: '',
      requestedAt: now.toISOString(),
      deadline: new Date(now.getTime() + RESTORE_WINDOW_MS).toISOString(),
      summary: `Restore what ${click.step} changed`,
      subjectPrincipals: [incident.exposure.principal.arn],
      status: 'pending',
      approversNeeded: RESTORE_APPROVERS,
      drill: incident.drill,
    });
  }
  return decideApproval(
    { incidentId: click.incidentId, step, slackUserId: click.slackUserId, decision: 'approve' },
    { ...deps, workflow: NO_WORKFLOW },
    {
      replacesRequest: false,
      release: async (_record, status, approvers) => {
        if (status === 'approved')
          await deps.restorer.restore(click.incidentId, click.step, `slack:${approvers.join(',')}`);
      },
    },
  );
}

/** A restore waits on no task token. */
const NO_WORKFLOW: ApprovalDeps['workflow'] = {
  start: async () => 'already-exists',
  sendTaskSuccess: async () => undefined,
  sendTaskFailure: async () => undefined,
};
