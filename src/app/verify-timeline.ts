import { type TimelineEntry, verifyChain } from '../domain/timeline.js';

/** What checking a timeline found. */
export interface TimelineCheck {
  intact: boolean;
  count: number;
  head: string;
  problems: string[];
  /** What could not be checked. */
  warnings: string[];
}

/**
 * Checks an incident's timeline: every entry's hash, its link to the one before, and its sequence number (an
 * altered, removed or reordered entry shows where), and, against the head recorded with the review outside the
 * store, that nothing was cut from the end nor rewritten up to it. Entries appended after the review (its Slack
 * post, a later rollback) are allowed, if they chain.
 */
export function verifyTimeline(
  entries: readonly TimelineEntry[],
  recorded: { hash: string; count: number } | undefined,
): TimelineCheck {
  const problems = verifyChain(entries).map((b) => `entry ${b.seq}: ${b.problem}`);
  if (entries.length === 0) problems.push('the timeline is empty');
  if (recorded) {
    if (entries.length < recorded.count)
      problems.push(
        `the timeline ends at entry ${entries.length}, but the review recorded ${recorded.count} entries: the tail was cut`,
      );
    else if (entries[recorded.count - 1]?.hash !== recorded.hash)
      problems.push(
        `entry ${recorded.count} does not have the head hash the review recorded (${recorded.hash.slice(0, 12)}…): the timeline was rewritten`,
      );
  }
  const warnings = recorded
    ? []
    : ['no review recorded a head for this timeline yet: a cut tail cannot be told apart'];
  return {
    intact: problems.length === 0,
    count: entries.length,
    head: entries.at(-1)?.hash ?? '',
    problems,
    warnings,
  };
}
