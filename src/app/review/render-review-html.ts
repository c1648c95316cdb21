import type { TimelineEntry } from '../../domain/timeline.js';
import { html, page, table } from '../html-page.js';
import { brokenChainNotice, milestones, UNSEALED_MARK, unsealedNotice } from './render-review.js';
import { formatDuration, REVIEW_QUESTIONS, type ReviewModel, reviewModel } from './review-model.js';
import type { ReviewedTimeline } from './reviewed-timeline.js';

/** The chart's lanes: what kind of thing happened. */
const LANES: Array<{ name: string; types: string[]; colour: string }> = [
  { name: 'Signals', types: ['incident-opened', 'signal-joined'], colour: '#2563eb' },
  {
    name: 'Approvals',
    types: ['approval-requested', 'approval-decided', 'approval-timed-out'],
    colour: '#d97706',
  },
  { name: 'Containment', types: ['step-succeeded', 'step-failed', 'step-rolled-back'], colour: '#059669' },
  { name: 'Outcome', types: ['escalated', 'verification', 'incident-closed'], colour: '#7c3aed' },
];

/** The timeline as an inline SVG: one lane per kind of event, time left to right, every milestone a titled dot. */
function chart(points: readonly TimelineEntry[]): string {
  if (points.length === 0) return '';
  const width = 960;
  const left = 110;
  const laneHeight = 44;
  const height = LANES.length * laneHeight + 40;
  const start = Date.parse(points[0]?.at ?? '');
  const end = Math.max(start + 1000, ...points.map((p) => Date.parse(p.at)));
  const x = (at: string) => left + ((Date.parse(at) - start) / (end - start)) * (width - left - 20);
  const lanes = LANES.map((lane, i) => {
    const y = 20 + i * laneHeight + laneHeight / 2;
    const dots = points
      .filter((p) => lane.types.includes(p.type))
      .map(
        (p) =>
          `<circle cx="${x(p.at).toFixed(1)}" cy="${y}" r="6" fill="${p.type === 'step-failed' || p.type === 'escalated' ? '#dc2626' : lane.colour}"><title>${html(`${p.at.slice(11, 19)} ${p.summary}`)}</title></circle>`,
      )
      .join('');
    return `<text x="8" y="${y + 4}" class="lane">${lane.name}</text><line x1="${left}" y1="${y}" x2="${width - 20}" y2="${y}" class="axis"/>${dots}`;
  }).join('');
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => {
      const at = new Date(start + f * (end - start)).toISOString();
      const tx = left + f * (width - left - 20);
      const anchor = f === 0 ? 'start' : f === 1 ? 'end' : 'middle';
      return `<text x="${tx.toFixed(1)}" y="${height - 6}" class="tick" text-anchor="${anchor}">${at.slice(11, 19)}</text>`;
    })
    .join('');
  return `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="Timeline chart" class="chart">${lanes}${ticks}</svg>`;
}

/** The review as one self-contained HTML page: no scripts, no external assets, the timeline as an inline SVG chart. */
export function renderReviewHtml(timeline: ReviewedTimeline): string {
  const model: ReviewModel = reviewModel(timeline);
  const { metrics } = model;
  const metric = (label: string, ms: number | undefined) =>
    `<div class="metric">${html(label)}<b>${formatDuration(ms)}</b></div>`;
  const parts = [
    `<h1>Post-incident review: ${html(model.incidentId)}</h1>`,
    `<p><span class="outcome ${html(model.outcome)}">${html(model.outcome)}</span></p>`,
    model.drill
      ? '<p class="drill">A tabletop drill on a simulated account: nothing real changed; kept out of the team metrics.</p>'
      : '',
    '<h2>Summary</h2>',
    `<ul><li><b>What was exposed:</b> ${html(model.exposure)}, in account ${html(model.accountId)}</li>`,
    `<li><b>Who held it:</b> <code>${html(model.principalArn)}</code></li>`,
    `<li><b>How it was found:</b> ${html(model.findingType)} (severity ${html(model.severity)}), reported by ${html(model.foundBy)}</li>`,
    `<li><b>Signals:</b> ${model.signalCount}</li></ul>`,
    '<h2>Key times</h2><div class="metrics">',
    metric('Time to detect', metrics.detectMs),
    metric('Time to notify', metrics.notifyMs),
    metric('Time to contain', metrics.containMs),
    metric('Time to close', metrics.closeMs),
    metrics.recoverMs !== undefined ? metric('Time to recover', metrics.recoverMs) : '',
    '</div>',
    '<h2>Timeline</h2>',
    chart(milestones(model)),
    model.approvals.length
      ? `<h2>Approvals</h2>${table(
          ['Step', 'Requested', 'Answer', 'By', 'Waited'],
          model.approvals.map((a) => [
            html(a.step),
            html(a.requestedAt),
            html(a.answer),
            html(a.by.join(', ') || '—'),
            formatDuration(a.waitedMs),
          ]),
        )}`
      : '',
    '<h2>What changed and how to undo it</h2>',
    model.changes.length
      ? table(
          ['Step', 'What changed', 'Undo', 'Rolled back'],
          model.changes.map((c) => [
            html(c.step),
            html(c.summary),
            c.undo ? `<code>${html(`${c.undo.operation} ${JSON.stringify(c.undo.parameters)}`)}</code>` : '—',
            html(c.rolledBackAt ?? 'no'),
          ]),
        )
      : '<p>Nothing in the account was changed.</p>',
    '<h2>Follow-ups</h2>',
    `<ul>${model.followUps.map((f) => `<li>☐ ${html(f)}</li>`).join('')}</ul>`,
    '<h2>Questions for the team</h2>',
    `<ul>${REVIEW_QUESTIONS.map((q) => `<li>${html(q)}</li>`).join('')}</ul>`,
    '<h2>Every entry</h2>',
    table(
      ['#', 'Time', 'Actor', 'What'],
      // An entry no writer sealed may hold anything (a number, a list): shown as text.
      model.stored.map(({ entry: e, believed }) => [
        html(String(e.seq)),
        html(String(e.at).slice(0, 19).replace('T', ' ')),
        html(String(e.actor)),
        `${believed ? '' : `<b class="unsealed">${html(UNSEALED_MARK)}</b> `}${html(String(e.summary))}`,
      ]),
      'entries',
    ),
    model.unsealedCount > 0
      ? `<p class="unsealed"><b>${html(unsealedNotice(model.unsealedCount))}</b></p>`
      : '',
    model.chainBreaks.length > 0
      ? `<p class="unsealed"><b>${html(brokenChainNotice(model.chainBreaks))}</b></p>`
      : '',
    `<footer>Rendered from ${model.head.count} timeline entries; head hash <code>${html(model.head.hash || 'none')}</code>. Check it with <code>rekey review ${html(model.incidentId)} --verify</code>.</footer>`,
  ];
  return page(`Review ${model.incidentId}${model.drill ? ' (drill)' : ''}`, parts.join('\n'));
}
