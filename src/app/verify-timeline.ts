import { InvalidInputError } from '../domain/errors.js';
import { type TimelineEntry, type TimelineHead, verifyChain } from '../domain/timeline.js';
import type { ReviewStore } from '../ports/review-store.js';
import type { TimelineStore } from '../ports/timeline-store.js';
import { authenticity } from './authenticity.js';

/** What checking a timeline found. */
export interface TimelineCheck {
  intact: boolean;
  count: number;
  head: string;
  problems: string[];
}

/** What a timeline is checked against, besides its own chain. */
export interface TimelineEvidence {
  /** Per entry, in order: whether its seal is its writer's and its writer may write it. */
  authentic: readonly boolean[];
  /** Every head anchored outside the store while the incident was open. */
  anchors: readonly TimelineHead[];
  /** The head recorded with the review, outside the store too. */
  reviewHead?: TimelineHead;
}

const isHead = (head: TimelineHead) => Number.isInteger(head.count) && head.count >= 1;

function headProblems(entries: readonly TimelineEntry[], head: TimelineHead, by: string): string[] {
  if (!isHead(head)) return [`${by} holds a head that is not one: it was tampered with`];
  if (entries.length < head.count)
    return [
      `the timeline ends at entry ${entries.length}, but ${by} recorded entry ${head.count}: the tail was cut`,
    ];
  if (entries[head.count - 1]?.hash !== head.hash)
    return [
      `entry ${head.count} does not have the head hash ${by} recorded (${head.hash.slice(0, 12)}…): the timeline was rewritten`,
    ];
  return [];
}

/**
 * Checks an incident's timeline: every entry's hash, its link to the one before and its sequence number (an
 * altered, removed or reordered entry shows where); every entry sealed by a writer allowed to write it (a forged
 * entry shows, however well chained); and every head anchored outside the store (and the review's) still in place,
 * so a cut tail or an emptied timeline shows. A timeline with no anchor at all fails: nothing proves its length.
 */
export function verifyTimeline(entries: readonly TimelineEntry[], evidence: TimelineEvidence): TimelineCheck {
  const problems = verifyChain(entries).map((b) => `entry ${b.seq}: ${b.problem}`);
  entries.forEach((entry, i) => {
    if (!evidence.authentic[i])
      problems.push(
        `entry ${entry.seq} (${entry.type}) is not sealed by a writer allowed to write it (it claims ${entry.writer ?? 'no writer'}): forged`,
      );
  });
  if (evidence.anchors.length === 0)
    problems.push(
      'no head of this timeline was ever anchored outside the store: its length cannot be proven',
    );
  // The highest head: a later, lower one (written by whoever cut the tail) cannot hide it.
  if (evidence.anchors.some((h) => !isHead(h)))
    problems.push(
      'an anchored head is not one (a count that is not a sequence number): the anchors were tampered with',
    );
  const highest = evidence.anchors.filter(isHead).sort((a, b) => b.count - a.count)[0];
  if (entries.length === 0 && highest)
    problems.push(`the timeline is empty, but ${highest.count} entries were anchored: it was emptied`);
  else if (highest) problems.push(...headProblems(entries, highest, 'the anchor'));
  if (evidence.reviewHead) problems.push(...headProblems(entries, evidence.reviewHead, 'the review'));
  return {
    intact: problems.length === 0,
    count: entries.length,
    head: entries.at(-1)?.hash ?? '',
    problems,
  };
}

/** Reads an incident's timeline, its seals, its anchors and its review's head, and checks them. */
export async function checkTimeline(
  incidentId: string,
  store: TimelineStore,
  reviews?: ReviewStore,
): Promise<TimelineCheck & { found: boolean }> {
  let entries: TimelineEntry[];
  try {
    entries = await store.list(incidentId);
  } catch (error) {
    // A timeline that does not even parse has been written by something other than its writers.
    if (!(error instanceof InvalidInputError)) throw error;
    return { intact: false, count: 0, head: '', problems: [`${error.message}: tampered`], found: true };
  }
  const [anchors, reviewHead] = await Promise.all([
    store.anchoredHeads(incidentId),
    reviews?.head(incidentId),
  ]);
  const authentic = await authenticity(store, entries);
  const check = verifyTimeline(entries, { authentic, anchors, ...(reviewHead ? { reviewHead } : {}) });
  return { ...check, found: entries.length > 0 || anchors.length > 0 };
}
