import type { IncidentSignal } from '../actions/action.js';
import type { TimelineEntry } from '../domain/timeline.js';

/** The entries triage writes for each signal: read in the same pass, for actions that act on what each named. */
export const SIGNAL_TYPES = ['incident-opened', 'signal-joined'] as const;

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** What each signal of the incident named, from triage's own entries. */
export function signalsOf(entries: readonly TimelineEntry[]): IncidentSignal[] {
  return entries
    .filter((e) => (SIGNAL_TYPES as readonly string[]).includes(e.type))
    .map((e) => {
      const data = e.data ?? {};
      const named = Array.isArray(data.secretArns)
        ? data.secretArns.filter((x): x is string => typeof x === 'string')
        : str(data.secretArn)
          ? [str(data.secretArn) as string]
          : undefined;
      const [principalArn, accessKeyId, type, region, remoteIp] = [
        data.principalArn,
        data.accessKeyId,
        data.findingType,
        data.region,
        data.remoteIp,
      ].map(str);
      return {
        observedAt: str(data.observedAt) ?? e.at,
        ...(region ? { region } : {}),
        ...(type ? { type } : {}),
        ...(principalArn ? { principalArn } : {}),
        ...(accessKeyId ? { accessKeyId } : {}),
        ...(remoteIp ? { remoteIp } : {}),
        ...(named ? { secretArns: named } : {}),
      };
    });
}
