import type { TimelineEntry } from '../domain/timeline.js';
import { formatDuration, REVIEW_QUESTIONS, type ReviewModel, reviewModel } from './review-model.js';

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** Mermaid's timeline text must not hold its separators. */
const mermaidText = (text: string) =>
  text
    .replace(/[:;#\n]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

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
  for (const [at, events] of byTime) lines.push(`  ${at} : ${events.join(' : ')}`);
  lines.push('```');
  return lines;
}

/** Renders the post-incident review in Markdown (with a Mermaid timeline) from the incident's timeline alone. */
export function renderReview(entries: readonly TimelineEntry[]): string {
  const model = reviewModel(entries);
  const { metrics } = model;
  const lines: string[] = [];
  lines.push(`# Post-incident review: ${model.incidentId}${model.drill ? ' (DRILL)' : ''}`, '');
  if (model.drill)
    lines.push(
      '> A tabletop drill on a simulated account: nothing real changed; kept out of the team metrics.',
      '',
    );
  lines.push('## Summary', '');
  lines.push(`- **What was exposed:** ${model.exposure}, in account ${model.accountId}`);
  lines.push(`- **Who held it:** \`${model.principalArn}\``);
  lines.push(
    `- **How it was found:** ${model.findingType} (severity ${model.severity}), reported by ${model.foundBy}`,
  );
  lines.push(`- **Signals:** ${model.signals.length} (${model.signals.map((s) => s.source).join(', ')})`);
  lines.push(`- **Outcome:** ${model.outcome}`, '');

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
        `| ${a.step} | ${a.requestedAt} | ${a.answer} | ${a.by.join(', ') || '—'} | ${formatDuration(a.waitedMs)} |`,
      );
    lines.push('');
  }

  lines.push('## What changed and how to undo it', '');
  if (model.changes.length === 0) lines.push('Nothing in the account was changed.', '');
  else {
    lines.push('| Step | What changed | Undo | Rolled back |', '| --- | --- | --- | --- |');
    for (const c of model.changes) {
      const undo = c.undo ? `\`${c.undo.operation}\` ${cell(JSON.stringify(c.undo.parameters))}` : '—';
      lines.push(`| ${c.step} | ${cell(c.summary)} | ${undo} | ${c.rolledBackAt ?? 'no'} |`);
    }
    lines.push(
      '',
      `Undo any of them with \`rekey rollback ${model.incidentId} --step STEP\` (or Restore in Slack).`,
      '',
    );
  }

  lines.push('## Follow-ups', '', ...model.followUps.map((f) => `- [ ] ${f}`), '');
  lines.push('## Questions for the team', '', ...REVIEW_QUESTIONS.map((q) => `- ${q}`), '');

  lines.push('## Timeline', '', ...mermaid(model), '');
  lines.push('| # | Time | Actor | What |', '| --- | --- | --- | --- |');
  for (const e of model.entries) lines.push(`| ${e.seq} | ${e.at} | ${cell(e.actor)} | ${cell(e.summary)} |`);
  lines.push('', '## Integrity', '');
  lines.push(
    `Rendered from ${model.head.count} timeline entries; head hash \`${model.head.hash || 'none'}\`.`,
  );
  lines.push(
    `Check it with \`rekey review ${model.incidentId} --verify\`: a changed, removed, reordered or cut entry shows.`,
    '',
  );
  return lines.join('\n');
}
