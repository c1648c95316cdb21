import type { TimelineEntry } from '../domain/timeline.js';
import type { TimelineStore } from '../ports/timeline-store.js';

/**
 * How many seals are checked at once: each is a KMS VerifyMac, and a timeline someone padded with thousands of
 * entries must not spend the account's KMS request quota in one burst (and fail the reader on throttling).
 */
export const SEALS_AT_ONCE = 16;

/** Whether each entry is authentic (sealed by a writer allowed to write it), in order, a few checks at a time. */
export async function authenticity(
  store: Pick<TimelineStore, 'authentic'>,
  entries: readonly TimelineEntry[],
): Promise<boolean[]> {
  const answers: boolean[] = [];
  for (let at = 0; at < entries.length; at += SEALS_AT_ONCE)
    answers.push(
      ...(await Promise.all(entries.slice(at, at + SEALS_AT_ONCE).map((e) => store.authentic(e)))),
    );
  return answers;
}
