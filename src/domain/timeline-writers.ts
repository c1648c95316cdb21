import { hashIntact, type TimelineEntry, type TimelineEntryType, type TimelineWriter } from './timeline.js';

const NOTIFIERS = ['approval', 'slack', 'notify', 'review'] as const;

/**
 * The writers allowed to write each entry type. An entry sealed by any other writer is not believed: the journal
 * an undo is taken from is the action function's alone, a decision the Slack endpoint's, a verdict the review's.
 * `operator` is `rekey rollback` on a laptop, against a local drill's account.
 */
export const WRITERS_OF: Record<TimelineEntryType, readonly TimelineWriter[]> = {
  'incident-opened': ['triage'],
  'signal-joined': ['triage'],
  'step-started': ['action'],
  'step-succeeded': ['action'],
  'step-failed': ['action'],
  'step-simulated': ['action'],
  'step-repeated': ['action'],
  'step-rolled-back': ['action', 'operator'],
  'rollback-failed': ['action', 'operator'],
  'approval-requested': ['approval'],
  'approval-decided': ['slack'],
  'approval-click-rejected': ['slack'],
  'approval-timed-out': ['approval'],
  'notification-sent': NOTIFIERS,
  'notification-failed': NOTIFIERS,
  escalated: ['review'],
  verification: ['review'],
  'incident-closed': ['review'],
};

/** Whether `writer` may write entries of `type`. */
export function mayWrite(writer: string | undefined, type: TimelineEntryType): boolean {
  return (WRITERS_OF[type] as readonly string[]).includes(writer ?? '');
}

/** Checks a seal: true when `seal` is `writer`'s MAC of `hash`. */
export type SealCheck = (writer: TimelineWriter, hash: string, seal: string) => Promise<boolean>;

/** Whether an entry is what its writer wrote: its content matches its hash, it is sealed, and its writer may write it. */
export async function isAuthentic(entry: TimelineEntry, check: SealCheck): Promise<boolean> {
  // Read from a table anyone with write access shapes: a seal or hash that is no string is no seal.
  if (typeof entry.seal !== 'string' || typeof entry.hash !== 'string' || entry.seal === '') return false;
  if (!mayWrite(entry.writer, entry.type) || !hashIntact(entry)) return false;
  return check(entry.writer, entry.hash, entry.seal);
}
