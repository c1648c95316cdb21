import { z } from 'zod';
import { ExposureSchema } from './exposure.js';

/** An incident: one exposed subject in one account, from the first signal to its close. */
export const IncidentSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  subject: z.string(),
  status: z.enum(['open', 'closed']),
  openedAt: z.iso.datetime({ offset: true }),
  closedAt: z.iso.datetime({ offset: true }).optional(),
  /** How many signals (including the first) have been joined to the incident. */
  signals: z.number().int().positive(),
  /** How many times the subject was re-raised after a close; 0 for the first incident. */
  generation: z.number().int().nonnegative(),
  playbook: z.string(),
  drill: z.boolean(),
  exposure: ExposureSchema,
});

/** One exposed subject's incident. */
export type Incident = z.infer<typeof IncidentSchema>;

/** The id of the n-th re-raise of an incident (`<id>-r<n>`). */
export function reraisedIncidentId(baseId: string, generation: number): string {
  return generation === 0 ? baseId : `${baseId}-r${generation}`;
}

/** What a signal does to the registry record of its subject: open, join, or re-raise after a close. */
export type Registration = { kind: 'opened' | 'joined' | 'reraised'; incident: Incident };

/** The base id an incident was re-raised from (`rk-...-r2` → `rk-...`). */
export function baseIncidentId(id: string): string {
  return id.replace(/-r\d+$/, '');
}

/**
 * Decides a signal's registration against the subject's current incident; every registry adapter applies
 * this inside its own conditional write.
 */
export function registerSignal(
  current: Incident | undefined,
  signal: {
    exposure: Incident['exposure'];
    subject: string;
    playbook: string;
    drill: boolean;
    at: Date;
    newIncidentId: () => string;
  },
): Registration {
  if (current?.status === 'open')
    return { kind: 'joined', incident: { ...current, signals: current.signals + 1 } };
  const generation = current ? current.generation + 1 : 0;
  const incident: Incident = {
    id: current ? reraisedIncidentId(baseIncidentId(current.id), generation) : signal.newIncidentId(),
    accountId: signal.exposure.accountId,
    subject: signal.subject,
    status: 'open',
    openedAt: signal.at.toISOString(),
    signals: 1,
    generation,
    playbook: signal.playbook,
    drill: signal.drill,
    exposure: signal.exposure,
  };
  return { kind: current ? 'reraised' : 'opened', incident };
}
