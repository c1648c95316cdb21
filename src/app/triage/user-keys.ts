import { userKeysSubject } from '../../domain/exposure.js';
import type { RegistryOutcome } from '../../domain/incident.js';
import { drillSubject } from './subjects.js';
import type { TriageDeps } from './triage-deps.js';

/** A signal as the registry takes it. */
export type RegistrySignal = Parameters<TriageDeps['registry']['openOrJoin']>[0];

/**
 * Registers a signal. A key named while its user's incident is open, covering that key (AWS named the user, and
 * the key was active then), joins the user's incident as one more signal: its playbook already contains the key,
 * so it is neither contained twice nor lost. Once the user's incident has closed, or for a key it did not cover,
 * the key is its own subject again, decided in the same registration (both subjects read at once). A breach of
 * the key's own incident re-raises that incident, never joins another.
 */
export async function registerToSubject(
  signal: RegistrySignal,
  deps: TriageDeps,
): Promise<{ outcome: RegistryOutcome; subject: string; note?: string }> {
  const { exposure } = signal;
  const key = exposure.accessKeyId;
  if (
    exposure.kind !== 'iam-user-access-key' ||
    !key ||
    exposure.unactionable ||
    exposure.evidence.source === 'rekey.verification'
  )
    return { outcome: await deps.registry.openOrJoin(signal), subject: signal.subject };
  const subject = drillSubject(userKeysSubject(exposure.principal.name), deps);
  const registered = await deps.registry.joinElseOpen(
    { ...signal, subject },
    (incident) =>
      incident.playbook === signal.playbook && (incident.exposure.accessKeyIds ?? []).includes(key),
    signal,
  );
  if ('own' in registered) return { outcome: registered.own, subject: signal.subject };
  return {
    outcome: registered.joined,
    subject,
    note: `${key} is one of the keys of user ${exposure.principal.name} this incident contains: joined, not contained again`,
  };
}
