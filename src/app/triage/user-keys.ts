import { userKeysSubject } from '../../domain/exposure.js';
import type { RegistryOutcome } from '../../domain/incident.js';
import { drillSubject } from './subjects.js';
import type { TriageDeps } from './triage-deps.js';

/** A signal as the registry takes it. */
export type RegistrySignal = Parameters<TriageDeps['registry']['openOrJoin']>[0];

/**
 * A key named while its user's incident is open, covering that key (AWS named the user, and the key was active
 * then), joins the user's incident as one more signal: its playbook already contains the key, so it is neither
 * contained twice nor lost. Once the user's incident has closed, or for a key it did not cover, the key is its own
 * subject again. A breach of the key's own incident re-raises that incident, never joins another.
 */
export async function joinedToUserKeys(
  signal: RegistrySignal,
  deps: TriageDeps,
): Promise<{ outcome: RegistryOutcome; subject: string; note: string } | undefined> {
  const { exposure } = signal;
  const key = exposure.accessKeyId;
  if (
    exposure.kind !== 'iam-user-access-key' ||
    !key ||
    exposure.unactionable ||
    exposure.evidence.source === 'rekey.verification'
  )
    return undefined;
  const subject = drillSubject(userKeysSubject(exposure.principal.name), deps);
  const outcome = await deps.registry.join(
    { ...signal, subject },
    (incident) =>
      incident.playbook === signal.playbook && (incident.exposure.accessKeyIds ?? []).includes(key),
  );
  return (
    outcome && {
      outcome,
      subject,
      note: `${key} is one of the keys of user ${exposure.principal.name} this incident contains: joined, not contained again`,
    }
  );
}
