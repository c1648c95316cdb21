import { shown } from '../../detections/envelope.js';
import type { Exposure } from '../../domain/exposure.js';
import { newIncidentId } from '../../domain/ids.js';
import type { Incident } from '../../domain/incident.js';
import { PLAYBOOK_FOR_KIND } from '../../playbook/playbook-for-kind.js';
import { refusalForPrincipal } from '../guardrails.js';
import type { HolderObservation } from '../holder-observation.js';
import { type HolderCheck, protectedInIam } from '../protected-holder.js';
import { signalDraft } from './signal-draft.js';
import { subjectFor } from './subjects.js';
import type { SignalOutcome, TriageDeps } from './triage-deps.js';
import { registerToSubject } from './user-keys.js';

/** The playbook of what Rekey recognises but cannot act on: it tells the responders at once, with the reason. */
export const ESCALATION_PLAYBOOK = 'escalate';

/**
 * Starts the incident's playbook with the signal's entry and the notice: none of them waits in front of
 * containment. Then the registry remembers the start, so a re-delivery does not start it again.
 */
async function startPlaybook(
  incident: Incident,
  exposure: Exposure,
  playbook: string,
  recorded: Promise<unknown> | undefined,
  deps: TriageDeps,
): Promise<void> {
  await Promise.all([
    recorded,
    deps.workflow.start(playbook, incident.id, {
      incident,
      // Where the run's end is gathered (deferred escalations, the ending): a state reading it must find it.
      closing: {},
      // The escalation playbook's first state tells the responders why, as any escalation does.
      ...(exposure.unactionable ? { error: { Error: 'Unactionable', Cause: exposure.unactionable } } : {}),
    }),
    deps.announcer
      ?.announce(incident)
      .catch((error: unknown) =>
        deps.log?.warn('incident notice not queued', { incidentId: incident.id, error: String(error) }),
      ),
  ]);
  await deps.registry.markPlaybookStarted(incident.id);
}

/** An exposure classed as an Identity Center session whose role IAM shows is not Identity Center's. */
function asRoleSession({ unactionable: _identityCenterReason, ...exposure }: Exposure): Exposure {
  return { ...exposure, kind: 'role-session' };
}

/**
 * One credential's holder, resolved: reported if Rekey must never contain it, else opens an incident (and starts
 * its playbook) or joins the one open for the same subject, the user's incident for one of its keys included.
 */
export async function register(
  signalled: Exposure,
  note: string | undefined,
  deps: TriageDeps,
  observed?: HolderObservation,
): Promise<SignalOutcome> {
  const guardrail = refusalForPrincipal(signalled.principal.type, shown(signalled.principal.arn), deps);
  const { refused, unreachable, notIdentityCenter }: HolderCheck = guardrail
    ? { refused: guardrail }
    : await protectedInIam(signalled, deps, deps.identityFor);
  // A role only named like Identity Center's is anyone's role: its sessions are revoked as any role's are.
  const held = notIdentityCenter ? asRoleSession(signalled) : signalled;
  const subject = subjectFor(held, deps);
  if (refused) return { outcome: 'reported', exposure: held, subject, reason: refused };
  // Nobody is asked to approve a change Rekey cannot make: an account it cannot reach goes to people at once.
  const exposure = unreachable && !held.unactionable ? { ...held, unactionable: unreachable } : held;
  const playbook = exposure.unactionable ? ESCALATION_PLAYBOOK : PLAYBOOK_FOR_KIND[exposure.kind];
  const receivedAt = deps.clock.now();
  const signal = {
    exposure,
    subject,
    playbook,
    drill: deps.drill,
    at: receivedAt,
    newIncidentId: () => newIncidentId(receivedAt, deps.ids),
  };
  const registered = await registerToSubject(signal, deps);
  const { outcome } = registered;
  const { incident } = outcome;
  const result = { exposure, subject: registered.subject, incidentId: incident.id, playbook };
  // A re-delivery after the close adds nothing: the closed timeline and its review stay as they are.
  if (incident.status === 'closed') return { outcome: 'duplicate', ...result };
  // A re-delivery, or a finding re-published under the same id, adds nothing worth a timeline entry: in an event
  // storm the timeline stays readable and its store is not flooded; the registry still counts the signal.
  const recorded =
    deps.timeline && outcome.kind !== 'duplicate' && !outcome.republished
      ? deps.timeline.append(
          incident.id,
          signalDraft(outcome, exposure, receivedAt, registered.note ?? note, observed),
        )
      : undefined;
  // Also on a duplicate: the delivery that opened the incident may have failed before starting the playbook.
  if (!outcome.playbookStarted) await startPlaybook(incident, exposure, playbook, recorded, deps);
  else await recorded;
  return { outcome: outcome.kind, ...result };
}
