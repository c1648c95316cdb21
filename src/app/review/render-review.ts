import { markdownCode, markdownText as md, mermaidText } from '../../domain/inert-text.js';
import type { TimelineEntry } from '../../domain/timeline.js';
import { formatDuration, REVIEW_QUESTIONS, type ReviewModel, reviewModel } from './review-model.js';
import type { ReviewedTimeline } from './reviewed-timeline.js';

/** The entries worth a point on the timeline chart (not every notification). */
export function milestones(model: ReviewModel): TimelineEntry[] {
  const kept = new Set([
    'incident-opened',
    'signal-joined',
    'approval-requested',
    'approval-decided',
    'approval-timed-out',
    'step-succeeded',
    'step-failed',
    'step-rolled-back',
    'escalated',
    'verification',
    'incident-closed',
  ]);
  return model.entries.filter((e) => kept.has(e.type));
}

function mermaid(model: ReviewModel): string[] {
  const lines = ['```mermaid', 'timeline', `  title ${mermaidText(model.incidentId)}`];
  const byTime = new Map<string, string[]>();
  for (const e of milestones(model)) {
    const at = e.at.slice(11, 19);
    byTime.set(at, [...(byTime.get(at) ?? []), mermaidText(e.summary).slice(0, 80)]);
  }
  for (const [at, events] of byTime) lines.push(`  ${mermaidText(at)} : ${events.join(' : ')}`);
  lines.push('```');
  return lines;
}

/** What a review says of the entries it does not believe, and where they show. */
export function unsealedNotice(count: number): string {
  return `${count} ${count === 1 ? 'entry is' : 'entries are'} not sealed by a writer allowed to write ${count === 1 ? 'it' : 'them'} (written by something other than Rekey, or altered): marked in the timeline, and nothing in this review is computed from ${count === 1 ? 'it' : 'them'}.`;
}

/** What a review says of a chain that breaks: the timeline was changed after it was written. */
export function brokenChainNotice(breaks: readonly string[]): string {
  return `The timeline's chain is broken (an entry was removed, reordered or altered after it was written): ${breaks.join('; ')}.`;
}

/** What the timeline shows in place of an entry the review does not believe, before its own summary. */
export const UNSEALED_MARK = 'NOT SEALED, not believed:';

/** Renders the post-incident review in Markdown (with a Mermaid timeline) from the incident's timeline alone. */
export function renderReview(timeline: ReviewedTimeline): string {
  const model = reviewModel(timeline);
  const { metrics } = model;
  const lines: string[] = [];
  // Every value below comes from events or the timeline: escaped, so no field can inject Markdown or HTML.
  lines.push(`# Post-incident review: ${md(model.incidentId)}${model.drill ? ' (DRILL)' : ''}`, '');
  if (model.drill)
    lines.push(
      '> A tabletop drill on a simulated account: nothing real changed; kept out of the team metrics.',
      '',
    );
  lines.push('## Summary', '');
  lines.push(`- **What was exposed:** ${md(model.exposure)}, in account ${md(model.accountId)}`);
  lines.push(`- **Who held it:** ${md(model.principalArn)}`);
  lines.push(
    `- **How it was found:** ${md(model.findingType)} (severity ${md(String(model.severity))}), reported by ${md(model.foundBy)}`,
  );
  const unwritten = model.signalCount - model.signals.length;
  lines.push(
    `- **Signals:** ${model.signalCount} (${model.signals.map((s) => md(s.source)).join(', ')}${unwritten > 0 ? `; ${unwritten} more re-publishing a report already recorded` : ''})`,
  );
  lines.push(`- **Outcome:** ${md(model.outcome)}`, '');

  lines.push('## Key times', '', '| Measure | Duration |', '| --- | --- |');
  lines.push(`| Time to detect (activity seen → Rekey received it) | ${formatDuration(metrics.detectMs)} |`);
  lines.push(`| Time to notify (received → first notification) | ${formatDuration(metrics.notifyMs)} |`);
  lines.push(`| Time to contain (received → first change in place) | ${formatDuration(metrics.containMs)} |`);
  lines.push(`| Time to close (received → incident closed) | ${formatDuration(metrics.closeMs)} |`);
  if (metrics.recoverMs !== undefined)
    lines.push(
      `| Time to recover (received → last change restored) | ${formatDuration(metrics.recoverMs)} |`,
    );
  lines.push('');

  if (model.approvals.length > 0) {
    lines.push(
      '## Approvals',
      '',
      '| Step | Requested | Answer | By | Waited |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const a of model.approvals)
      lines.push(
        `| ${md(a.step)} | ${md(a.requestedAt)} | ${md(a.answer)} | ${a.by.map(md).join(', ') || '—'} | ${formatDuration(a.waitedMs)} |`,
      );
    lines.push('');
  }

  lines.push('## What changed and how to undo it', '');
  if (model.changes.length === 0) lines.push('Nothing in the account was changed.', '');
  else {
    lines.push('| Step | What changed | Undo | Rolled back |', '| --- | --- | --- | --- |');
    for (const c of model.changes) {
      const undo = c.undo
        ? `${markdownCode(c.undo.operation)} ${md(JSON.stringify(c.undo.parameters))}`
        : '—';
      lines.push(`| ${md(c.step)} | ${md(c.summary)} | ${undo} | ${md(c.rolledBackAt ?? 'no')} |`);
    }
    lines.push(
      '',
      `Undo any of them with ${markdownCode(`rekey rollback ${model.incidentId} --step STEP`)} (or Restore in Slack).`,
      '',
    );
  }

  lines.push('## Follow-ups', '', ...model.followUps.map((f) => `- [ ] ${md(f)}`), '');
  lines.push('## Questions for the team', '', ...REVIEW_QUESTIONS.map((q) => `- ${q}`), '');

  lines.push('## Timeline', '', ...mermaid(model), '');
  lines.push('| # | Time | Actor | What |', '| --- | --- | --- | --- |');
  for (const { entry: e, believed } of model.stored)
    lines.push(
      // An entry no writer sealed may hold anything (a number, a list): shown as text.
      `| ${md(String(e.seq))} | ${md(String(e.at))} | ${md(String(e.actor))} | ${believed ? '' : `**${UNSEALED_MARK}** `}${md(String(e.summary))} |`,
    );
  lines.push('', ...integrity(model));
  return lines.join('\n');
}

/** The review's integrity section: what it did not believe, where the chain breaks, and how to check it all. */
function integrity(model: ReviewModel): string[] {
  return [
    '## Integrity',
    '',
    ...(model.unsealedCount > 0 ? [`**${unsealedNotice(model.unsealedCount)}**`, ''] : []),
    ...(model.chainBreaks.length > 0 ? [`**${md(brokenChainNotice(model.chainBreaks))}**`, ''] : []),
    `Rendered from ${model.head.count} timeline entries; head hash ${markdownCode(model.head.hash || 'none')}.`,
    `Check it with ${markdownCode(`rekey review ${model.incidentId} --verify`)}: a changed, removed, reordered or cut entry shows.`,
    '',
  ];
}
