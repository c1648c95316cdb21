import type { StepOutcome } from '../domain/actions.js';
import { describeExposure } from '../domain/exposure.js';
import type { Incident } from '../domain/incident.js';
import type { Notice, NoticeAction, NoticeKind } from '../ports/notifier.js';
import { readableCause } from './readable-cause.js';

const TITLES: Record<NoticeKind, string> = {
  'incident-opened': 'Exposed credential: incident opened',
  'approval-requested': 'Approval requested',
  'approval-decided': 'Approval decided',
  contained: 'Contained',
  escalated: 'Escalated: responders must act',
  breached: 'Containment breached: the incident is re-raised',
  dismissed: 'Dismissed by a responder',
  closed: 'Incident closed',
};

/** An element of a forEach step that failed, as the state machine records it in the list of outcomes. */
interface FailedElement {
  step: string;
  status: 'failed';
  error?: { Error?: string; Cause?: string };
}

/** The notice for a playbook event about an incident; it names keys and principals, never a secret value. */
export function composeNotice(
  incident: Incident,
  kind: NoticeKind,
  details?: unknown,
  /** With a step's notice: what the playbook may still change after it (the incident is not contained yet). */
  more: readonly string[] = [],
  /** With a step's notice: the steps before it that failed and let the run go on, to close escalated. */
  deferred: ReadonlyArray<{ step: string; reason: string }> = [],
): Notice {
  const { exposure } = incident;
  const lines = [
    `${describeExposure(exposure)}: ${exposure.principal.arn} (account ${exposure.accountId})`,
    `${exposure.evidence.type} via ${exposure.evidence.source}, severity ${exposure.evidence.severity}`,
  ];
  const actions: NoticeAction[] = [];
  let title = TITLES[kind];
  if (kind === 'contained' && details && typeof details === 'object' && 'outcomes' in details) {
    const { outcomes } = details as { outcomes: Array<StepOutcome | FailedElement> };
    const failed = outcomes.filter((o) => o.status === 'failed').length;
    // Never "Contained" over elements that failed: what they were to change is still in the attacker's hands.
    if (failed > 0)
      title =
        failed === outcomes.length
          ? `Not contained: all ${failed} failed, responders must act`
          : `Contained in part: ${failed} of ${outcomes.length} failed, responders must act`;
    else if (deferred.length > 0)
      title = `Not contained: ${deferred.map((d) => d.step).join(', ')} failed earlier, responders must act`;
    else if (more.length > 0) title = 'Contained so far';
    for (const { step, reason } of deferred) lines.push(`✗ ${step} failed earlier: ${readableCause(reason)}`);
    for (const outcome of outcomes) {
      // An element of a forEach step that failed and let the others go on.
      if (outcome.status === 'failed') {
        const { Error: name, Cause: cause } = outcome.error ?? {};
        lines.push(`✗ ${outcome.step} failed: ${[name, readableCause(cause)].filter(Boolean).join(': ')}`);
        continue;
      }
      lines.push(`✓ ${outcome.summary}`);
      // A change with its undo journaled can be put back, by two responders (Restore).
      if (outcome.status === 'changed' && outcome.undo) actions.push({ kind: 'restore', step: outcome.step });
    }
    if (more.length > 0) lines.push(`May still run: ${more.join(', ')}`);
  }
  if (
    (kind === 'escalated' || kind === 'dismissed' || kind === 'breached') &&
    details &&
    typeof details === 'object'
  ) {
    const {
      Error: name,
      Cause: cause,
      step,
      goesOn,
      done = [],
    } = details as {
      Error?: string;
      Cause?: string;
      step?: string;
      goesOn?: string[];
      done?: StepOutcome[];
    };
    const reason = readableCause(cause);
    // A step that failed with continue-then-escalate: the run goes on, and will not close contained.
    if (step)
      lines.push(
        `Step ${step} failed; ${goesOn?.length ? `the playbook goes on (${goesOn.join(', ')}) and` : 'the playbook'} will close escalated, not contained`,
      );
    // What the steps run with it did before it failed: each change stays, and can be put back.
    for (const outcome of done) {
      lines.push(`✓ ${outcome.summary}`);
      if (outcome.status === 'changed' && outcome.undo) actions.push({ kind: 'restore', step: outcome.step });
    }
    if (name || reason) lines.push(`Reason: ${[name, reason].filter(Boolean).join(': ')}`);
  }
  return {
    incidentId: incident.id,
    kind,
    title: `${title} (${incident.id})`,
    lines,
    drill: incident.drill,
    ...(actions.length ? { actions } : {}),
  };
}
