import type { ApprovalRecord, ApprovalStore, Responder } from '../ports/approvals.js';
import type { IncidentRegistry } from '../ports/incident-registry.js';
import type { Restorer } from '../ports/restorer.js';
import { type ApprovalDeps, type DecisionResult, decideApproval } from './approvals.js';
import { isSubject, subjectPrincipalsOf } from './responders.js';
import { type RollbackDeps, type RolledBack, rollback } from './rollback.js';

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
      subjectPrincipals: subjectPrincipalsOf(incident.exposure),
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
      release: async (_record, status) => {
        if (status === 'approved') await deps.restorer.restore(click.incidentId, click.step);
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

/** Why a restore approval does not allow a rollback, or undefined: settled approved by enough different responders. */
function restoreApprovalRefusal(
  record: ApprovalRecord | undefined,
  now: Date,
  responders: readonly Responder[],
): string | undefined {
  if (!record) return 'no restore was requested for it';
  if (record.status !== 'approved') return `its restore is ${record.status}, not approved`;
  if (record.claimedAt) return `its restore was carried out already (${record.claimedAt})`;
  if (now.getTime() > Date.parse(record.deadline)) return 'its restore approval has expired';
  const approvers = [
    ...new Set([...(record.approvedBy ?? []), ...(record.decidedBy ?? '').split(',')]),
  ].filter((id) => id !== '');
  // The Slack endpoint checked each click (responder, resolvable, not the subject); the subject rule is checked
  // again here, the one a mistake would hurt most. Slack user ids are not secrets: the table's IAM is the guard.
  const valid = approvers.filter((id) => {
    const responder = responders.find((r) => r.slackUserId === id);
    return !responder || !isSubject(responder, record.subjectPrincipals);
  });
  // One person with two Slack accounts is one approver.
  const people = Math.min(valid.length, new Set(record.approverEmails ?? valid).size);
  if (people < RESTORE_APPROVERS)
    return `it needs ${RESTORE_APPROVERS} different responders' approval, and the record holds ${people}`;
  return undefined;
}

/**
 * The action function's half of a restore: it reads the settled restore approval itself (the request that woke it
 * proves nothing), uses it once, and rolls the step back from its own sealed journal. A refusal is recorded.
 */
export async function carryOutRestore(
  request: { incidentId: string; step: string },
  deps: RollbackDeps & { approvals: ApprovalStore; responders: readonly Responder[] },
): Promise<RolledBack[]> {
  const { incidentId, step } = request;
  const now = deps.clock.now();
  const record = await deps.approvals.get(incidentId, restoreStep(step));
  const refused =
    restoreApprovalRefusal(record, now, deps.responders) ??
    ((await deps.approvals.claim(incidentId, restoreStep(step), now.toISOString()))
      ? undefined
      : 'its restore was carried out already');
  if (refused) {
    await deps.timeline.append(incidentId, {
      type: 'rollback-failed',
      at: now.toISOString(),
      actor: 'rekey:action',
      step,
      summary: `Restore of ${step} refused: ${refused}`,
      data: { error: refused },
    });
    return [{ step, result: 'refused', detail: refused }];
  }
  const approvers = record?.decidedBy ?? '';
  return rollback(incidentId, { step, actor: `slack:${approvers}` }, deps);
}
