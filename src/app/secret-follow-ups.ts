import type { StepOutcome } from '../domain/actions.js';
import type { TimelineEntry } from '../domain/timeline.js';

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The action each step ran, from its starts (a forEach element's step is `rotate-secret[3]`). */
export function actionsOf(entries: readonly TimelineEntry[]): Map<string, string> {
  return new Map(
    entries
      .filter((e) => e.type === 'step-started' && e.step)
      .map((e) => [e.step as string, str(e.data?.action) ?? ''] as const),
  );
}

/**
 * What a reader-of-secrets incident leaves to do, from its timeline: which secrets were rotated (their consumers
 * pick up the new value), and each secret that was not, as its owner's task with the reason the step gave.
 */
export function secretFollowUps(entries: readonly TimelineEntry[]): string[] {
  const actions = actionsOf(entries);
  const rotated = entries
    .filter((e) => e.type === 'step-succeeded' && actions.get(e.step ?? '') === 'rotate-secret')
    .map((e) => e.data?.outcome as StepOutcome | undefined)
    .flatMap((o) => (o && str(o.facts?.secret) ? [str(o.facts?.secret) as string] : []));
  const notRotated = entries.filter(
    (e) => e.type === 'step-failed' && actions.get(e.step ?? '') === 'rotate-secret',
  );
  const followUps: string[] = [];
  if (rotated.length > 0)
    followUps.push(
      `Rotated for this incident (${rotated.length}): ${[...new Set(rotated)].join(', ')}. Check every consumer of each picked up its new value; drop stale connections.`,
    );
  for (const e of notRotated)
    followUps.push(`Owner task, not rotated (step ${e.step}): ${str(e.data?.message) ?? e.summary}`);
  return followUps;
}
