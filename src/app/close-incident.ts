import type { Clock } from '../domain/clock.js';
import type { IncidentRegistry } from '../ports/incident-registry.js';
import type { ReviewStore } from '../ports/review-store.js';
import type { TimelineStore } from '../ports/timeline-store.js';
import { renderReview } from './render-review.js';

/** How a playbook run ended. */
export type PlaybookOutcome = 'contained' | 'escalated' | 'dismissed';

/** What closing an incident needs. */
export interface CloseIncidentDeps {
  registry: IncidentRegistry;
  timeline: TimelineStore;
  reviews: ReviewStore;
  clock: Clock;
}

/**
 * Ends a playbook run: records an escalation (with its reason) when there is one, closes the incident in the
 * registry, and writes the review rendered from the timeline. Returns where the review is.
 */
export async function closeIncident(
  input: { incidentId: string; outcome: PlaybookOutcome; reason?: string },
  deps: CloseIncidentDeps,
): Promise<{ review: string }> {
  const { incidentId, outcome } = input;
  if (outcome === 'escalated') {
    await deps.timeline.append(incidentId, {
      type: 'escalated',
      at: deps.clock.now().toISOString(),
      actor: 'rekey:review',
      summary: `Escalated to the responders: ${input.reason ?? 'the playbook could not finish containment'}`,
      data: { reason: input.reason ?? null },
    });
  }
  const closed = await deps.registry.close(incidentId, deps.clock.now());
  await deps.timeline.append(incidentId, {
    type: 'incident-closed',
    at: closed.closedAt ?? deps.clock.now().toISOString(),
    actor: 'rekey:review',
    summary: `Incident closed: ${outcome}`,
    data: { outcome, signals: closed.signals },
  });
  const entries = await deps.timeline.list(incidentId);
  const head = entries.at(-1);
  const review = await deps.reviews.put({
    incidentId,
    markdown: renderReview(entries),
    timelineHead: { hash: head?.hash ?? '', count: entries.length },
  });
  return { review };
}
