import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { reviewModel } from '../../src/app/review-model.js';
import { summariseReviews } from '../../src/app/review-summary.js';
import { verifyTimeline } from '../../src/app/verify-timeline.js';
import { chainEntry, type TimelineEntry } from '../../src/domain/timeline.js';
import type { DrillReport } from '../../src/runtime/drill-runner.js';
import { drillNamed, runInTemp } from '../support/drills.js';

let report: DrillReport;
let entries: TimelineEntry[];
let recorded: { hash: string; count: number };

beforeAll(async () => {
  report = await runInTemp(drillNamed('leaked-access-key'));
  const [incident] = report.incidents;
  entries = report.timelines.get(incident?.id ?? '') ?? [];
  const head = JSON.parse(
    readFileSync((report.reviews.get(incident?.id ?? '') ?? '').replace(/\.md$/, '.head.json'), 'utf8'),
  ) as { hash: string; count: number };
  recorded = head;
});

describe('the review of the default drill', () => {
  it('measures from the recorded times on the drill clock', () => {
    const model = reviewModel(entries);
    // Tor calls seen at 08:58:41, received 09:00:00, Bob approved at 09:04, closed after verification at 09:34.
    expect(model.metrics).toEqual({
      detectMs: 79_000,
      notifyMs: 0,
      containMs: 240_000,
      closeMs: 34 * 60_000,
      recoverMs: undefined,
    });
    expect(model.approvals).toEqual([
      expect.objectContaining({ step: 'deactivate-key', answer: 'approved', by: ['Bob'], waitedMs: 240_000 }),
    ]);
    expect(model.changes.map((c) => c.step)).toEqual([
      'deactivate-key',
      'revoke-sessions',
      'revoke-assumed-roles[0]',
    ]);
    expect(model.changes.every((c) => c.undo)).toBe(true);
    expect(model.drill).toBe(true);
  });

  it('is written as Markdown with a Mermaid timeline, and as one self-contained HTML page', () => {
    const path = report.reviews.get(report.incidents[0]?.id ?? '') ?? '';
    const markdown = readFileSync(path, 'utf8');
    expect(markdown).toContain('```mermaid\ntimeline');
    expect(markdown).toContain('| Time to contain (received → first change in place) | 4m 0s |');
    expect(markdown).toContain('(DRILL)');
    const html = readFileSync(path.replace(/\.md$/, '.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
    expect(html).toContain('kept out of the team metrics');
  });

  it('keeps drills out of the team metrics unless asked', () => {
    const model = reviewModel(entries);
    const real = { ...model, drill: false, incidentId: 'rk-real' };
    expect(summariseReviews([model, real])).toMatchObject({ incidents: 1, drillsLeftOut: 1 });
    expect(summariseReviews([model, real], { includeDrills: true }).incidents).toBe(2);
    expect(summariseReviews([model], { since: new Date('2026-11-29T00:00:00Z') }).incidents).toBe(0);
  });
});

describe('checking a timeline against the head its review recorded', () => {
  it('finds it intact, even with entries appended after the review', () => {
    expect(verifyTimeline(entries, recorded)).toMatchObject({ intact: true, problems: [] });
    expect(recorded.count).toBeLessThanOrEqual(entries.length);
  });

  it.each([
    [
      'an altered entry',
      (l: TimelineEntry[]) => l.map((e) => (e.seq === 5 ? { ...e, summary: `${e.summary}!` } : e)),
      /entry 5: content does not match its hash/,
    ],
    [
      'a removed entry',
      (l: TimelineEntry[]) => l.filter((e) => e.seq !== 7),
      /entry 8: expected entry 7 here/,
    ],
    [
      'two entries swapped',
      (l: TimelineEntry[]) => {
        const copy = [...l];
        [copy[3], copy[4]] = [copy[4] as TimelineEntry, copy[3] as TimelineEntry];
        return copy;
      },
      /entry 5: expected entry 4 here/,
    ],
    ['a cut tail', (l: TimelineEntry[]) => l.slice(0, recorded.count - 2), /the tail was cut/],
    [
      'a tail rewritten with a valid chain of its own',
      (l: TimelineEntry[]) => {
        const kept = l.slice(0, recorded.count - 1);
        const forged = chainEntry(kept[0]?.incidentId ?? '', kept.at(-1), {
          type: 'incident-closed',
          at: '2026-11-28T09:34:00.000Z',
          actor: 'rekey:review',
          summary: 'Incident closed: dismissed',
          data: { outcome: 'dismissed' },
        });
        return [...kept, forged];
      },
      /entry \d+ does not have the head hash the review recorded/,
    ],
  ])('finds %s, and says where', (_what, tamper, problem) => {
    const check = verifyTimeline(tamper(entries), recorded);
    expect(check.intact).toBe(false);
    expect(check.problems.join('\n')).toMatch(problem);
  });
});
