import { containmentBreachEvent } from '../detections/containment-breach.js';
import type { Clock } from '../domain/clock.js';
import { InvalidInputError } from '../domain/errors.js';
import type { Exposure } from '../domain/exposure.js';
import type { IncidentRegistry } from '../ports/incident-registry.js';
import type { Notifier } from '../ports/notifier.js';
import type { ReviewStore } from '../ports/review-store.js';
import type { TimelineStore } from '../ports/timeline-store.js';
import { notify } from './notify.js';
import { readableCause } from './readable-cause.js';
import { brokenChainNotice, renderReview, unsealedNotice } from './review/render-review.js';
import { renderReviewHtml } from './review/render-review-html.js';
import { formatDuration, reviewModel } from './review/review-model.js';
import { type ReviewedTimeline, reviewedTimeline } from './review/reviewed-timeline.js';

/** How a playbook run ended. */
export type PlaybookOutcome = (typeof PLAYBOOK_OUTCOMES)[number];

const PLAYBOOK_OUTCOMES = ['contained', 'escalated', 'dismissed', 'breached', 'aborted'] as const;

/**
 * The outcome the timeline's close recorded, if an allowed writer sealed it and it is one a run can end with: a
 * close forged into the table (`contained`, for an incident Rekey escalated) is not believed.
 */
function recordedOutcome({ entries, unsealed }: ReviewedTimeline) {
  const recorded = entries.findLast((e) => e.type === 'incident-closed' && !unsealed.has(e))?.data?.outcome;
  return PLAYBOOK_OUTCOMES.find((outcome) => outcome === recorded);
}

/** What closing an incident needs. */
export interface CloseIncidentDeps {
  registry: IncidentRegistry;
  timeline: TimelineStore;
  reviews: ReviewStore;
  clock: Clock;
  /** Where the review's summary goes (the incident's Slack thread); the head it gives lets anyone check the record. */
  notifier?: Notifier;
}

/**
 * Ends a playbook run: records an escalation or a breach (with its reason) when there is one, closes the incident
 * in the registry, and writes the review rendered from the timeline. Returns where the review is and, for a
 * breached containment, the event that re-raises the incident (the playbook hands it to triage).
 */
export async function closeIncident(
  input: {
    incidentId: string;
    outcome: PlaybookOutcome;
    reason?: string;
    exposure?: Exposure;
    checklist?: string[];
  },
  deps: CloseIncidentDeps,
): Promise<{ review: string; reraise?: Record<string, unknown> }> {
  const { incidentId, outcome } = input;
  const reason = readableCause(input.reason);
  if (outcome === 'breached') {
    if (!input.exposure) throw new InvalidInputError('a breached containment needs the exposure to re-raise');
    await deps.timeline.append(incidentId, {
      type: 'verification',
      at: deps.clock.now().toISOString(),
      actor: 'rekey:review',
      summary: `The incident is re-raised: ${reason ?? 'a successful call after the containment'}`,
      data: { verdict: 'breached', reason: reason ?? null },
    });
  }
  if (outcome === 'escalated') {
    await deps.timeline.append(incidentId, {
      type: 'escalated',
      at: deps.clock.now().toISOString(),
      actor: 'rekey:review',
      summary: `Escalated to the responders: ${reason ?? 'the playbook could not finish containment'}`,
      data: { reason: reason ?? null, ...(input.checklist?.length ? { checklist: input.checklist } : {}) },
    });
  }
  const closed = await deps.registry.close(incidentId, deps.clock.now());
  await deps.timeline.append(incidentId, {
    type: 'incident-closed',
    // The review's own clock: a time read back from the incidents table is not the review's to seal.
    at: deps.clock.now().toISOString(),
    actor: 'rekey:review',
    summary: `Incident closed: ${outcome}`,
    data: { outcome, signals: closed.signals, ...(reason ? { reason } : {}) },
  });
  const review = await writeReview(incidentId, outcome, deps);
  if (outcome !== 'breached' || !input.exposure) return { review };
  const reraise = containmentBreachEvent(
    { incidentId, exposure: input.exposure, reason: reason ?? 'a successful call after the containment' },
    deps.clock.now(),
  );
  return { review, reraise };
}

/**
 * Writes the review of a closed incident from its timeline as it stands, and sends its summary; where it is. Alone
 * (without closeIncident's entries) for an incident closed before its review could be written: its outcome is then
 * the one its close recorded.
 */
export async function writeReview(
  incidentId: string,
  given: PlaybookOutcome | undefined,
  deps: CloseIncidentDeps,
): Promise<string> {
  const timeline = await reviewedTimeline(deps.timeline, incidentId);
  const { entries } = timeline;
  const outcome = given ?? recordedOutcome(timeline) ?? 'escalated';
  const head = entries.at(-1);
  const review = await deps.reviews.put({
    incidentId,
    markdown: renderReview(timeline),
    html: renderReviewHtml(timeline),
    timelineHead: { hash: String(head?.hash ?? ''), count: entries.length },
  });
  if (deps.notifier) {
    const model = reviewModel(timeline);
    await notify(
      {
        incidentId,
        kind: 'closed',
        // One review per incident: the function retried after it told the thread does not tell it again.
        id: `${incidentId}/review`,
        title: `Review: ${outcome} (${incidentId})`,
        lines: [
          `Time to detect ${formatDuration(model.metrics.detectMs)}, to notify ${formatDuration(model.metrics.notifyMs)}, to contain ${formatDuration(model.metrics.containMs)}, to close ${formatDuration(model.metrics.closeMs)}`,
          `${model.changes.length} change(s), ${model.followUps.length} follow-up(s); the review: ${review}`,
          `Timeline head ${head?.hash ?? 'none'} after ${entries.length} entries (rekey review ${incidentId} --verify)`,
          ...(model.unsealedCount > 0 ? [unsealedNotice(model.unsealedCount)] : []),
          ...(model.chainBreaks.length > 0 ? [brokenChainNotice(model.chainBreaks)] : []),
        ],
        drill: model.drill,
      },
      { notifier: deps.notifier, timeline: deps.timeline, clock: deps.clock },
    );
  }
  return review;
}
