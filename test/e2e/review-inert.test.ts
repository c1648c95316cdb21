import { beforeAll, describe, expect, it } from 'vitest';
import { renderReview } from '../../src/app/review/render-review.js';
import { renderReviewHtml } from '../../src/app/review/render-review-html.js';
import type { TimelineEntry } from '../../src/domain/timeline.js';
import { drillNamed, runInTemp } from '../support/drills.js';

const HOSTILE =
  '<img src=x onerror=alert(1)> | **bold** [link](http://evil) `code` \u001b[31mred\u001b[0m\n# heading : ; #';

let entries: TimelineEntry[];

beforeAll(async () => {
  const report = await runInTemp(drillNamed('leaked-access-key'));
  const real = report.timelines.get(report.incidents[0]?.id ?? '') ?? [];
  // What an attacker controls reaches the timeline through event fields: summaries, exposures, finding types, actors.
  entries = real.map((e) => ({
    ...e,
    actor: `${e.actor}${HOSTILE}`,
    summary: `${e.summary}${HOSTILE}`,
    ...(e.data
      ? {
          data: {
            ...e.data,
            exposure: HOSTILE,
            findingType: HOSTILE,
            evidence: HOSTILE,
            principalArn: `arn:${HOSTILE}`,
          },
        }
      : {}),
  }));
});

describe('a review of hostile event fields', () => {
  it('embeds no raw HTML, no Markdown structure and no control character from them in Markdown', () => {
    const markdown = renderReview({ entries, unsealed: new Set() });
    expect(markdown).not.toMatch(/<img|<script/i);
    const control = [...markdown].filter((c) => (c < ' ' && c !== '\n') || (c >= '\u007f' && c <= '\u009f'));
    expect(control).toEqual([]);
    expect(markdown).not.toContain('[link](http://evil)');
    expect(markdown).not.toMatch(/^# heading/m);
    // Every table row keeps its columns: no unescaped pipe from a field splits a cell.
    for (const row of markdown.split('\n').filter((l) => l.startsWith('| ') && /^\| \d+ \|/.test(l)))
      expect(row.split(/(?<!\\)\|/).length).toBe(6);
  });

  it('keeps the Mermaid timeline to plain labels', () => {
    const markdown = renderReview({ entries, unsealed: new Set() });
    const block = markdown.slice(
      markdown.indexOf('```mermaid'),
      markdown.indexOf('```', markdown.indexOf('```mermaid') + 3),
    );
    for (const line of block.split('\n').slice(3)) expect(line).not.toMatch(/[<>`|[\]#;]/);
  });

  it('escapes them in the HTML page too', () => {
    const page = renderReviewHtml({ entries, unsealed: new Set() });
    expect(page).not.toMatch(/<img|<script/i);
  });
});
