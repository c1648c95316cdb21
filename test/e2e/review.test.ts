import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FileReviewStore } from '../../src/adapters/local/file-review-store.js';
import { FileTimelineStore } from '../../src/adapters/local/file-timeline-store.js';
import { reviewModel } from '../../src/app/review/review-model.js';
import { formatSummary, summariseReviews } from '../../src/app/review/review-summary.js';
import { checkTimeline } from '../../src/app/verify-timeline.js';
import { chainEntry, type TimelineEntry } from '../../src/domain/timeline.js';
import { type DrillReport, runDrill } from '../../src/drills/drill-runner.js';
import { drillNamed, ROOT } from '../support/drills.js';

let report: DrillReport;
let entries: TimelineEntry[];
let recorded: { hash: string; count: number };
let stateDir: string;
let incidentId: string;

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'rekey-drill-'));
  report = await runDrill(drillNamed('leaked-access-key'), { root: ROOT, stateDir });
  const [incident] = report.incidents;
  incidentId = incident?.id ?? '';
  entries = report.timelines.get(incidentId) ?? [];
  const head = JSON.parse(
    readFileSync((report.reviews.get(incident?.id ?? '') ?? '').replace(/\.md$/, '.head.json'), 'utf8'),
  ) as { hash: string; count: number };
  recorded = head;
});

describe('the review of the default drill', () => {
  it('measures from the recorded times on the drill clock', () => {
    const model = reviewModel({ entries, unsealed: report.unsealed });
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
    const model = reviewModel({ entries, unsealed: report.unsealed });
    const real = { ...model, drill: false, incidentId: 'rk-real' };
    expect(summariseReviews([model, real])).toMatchObject({ incidents: 1, drillsLeftOut: 1 });
    expect(summariseReviews([model, real], { includeDrills: true }).incidents).toBe(2);
    expect(summariseReviews([model], { since: new Date('2026-11-29T00:00:00Z') }).incidents).toBe(0);
  });

  it('leaves out of the team metrics a timeline whose opening no allowed writer sealed, and says so', () => {
    const real = reviewModel({ entries, unsealed: report.unsealed });
    const copied = entries.map((e) => ({ ...e, incidentId: 'rk-forged' }));
    const forged = reviewModel({ entries: copied, unsealed: new Set(copied) });
    const summary = summariseReviews([real, forged], { includeDrills: true });
    expect(summary).toMatchObject({ incidents: 1, unbelieved: { timelines: 1, entries: copied.length } });
    expect(formatSummary(summary).join('\n')).toContain(
      `not believed: 1 timeline(s) with no sealed opening left out, ${copied.length} entries no allowed writer sealed`,
    );
  });
});

describe('checking a timeline: its chain, its seals, its anchors and its review', () => {
  /** The drill's state folder copied, its timeline replaced by `tamper`'s version, and checked from outside. */
  async function checkTampered(tamper: (l: TimelineEntry[]) => TimelineEntry[] | undefined, anchors = true) {
    const copy = mkdtempSync(join(tmpdir(), 'rekey-tampered-'));
    cpSync(stateDir, copy, { recursive: true });
    const file = join(copy, 'timelines', `${incidentId}.jsonl`);
    const tampered = tamper(entries);
    if (tampered) writeFileSync(file, tampered.map((e) => `${JSON.stringify(e)}\n`).join(''));
    else rmSync(file);
    if (!anchors) rmSync(join(copy, 'anchors'), { recursive: true });
    return checkTimeline(
      incidentId,
      new FileTimelineStore(join(copy, 'timelines')),
      new FileReviewStore(join(copy, 'reviews')),
    );
  }

  it('finds it intact, even with entries appended after the review', async () => {
    expect(await checkTampered((l) => l)).toMatchObject({ intact: true, problems: [], found: true });
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
    [
      'a cut tail',
      (l: TimelineEntry[]) => l.slice(0, l.length - 2),
      /the anchor recorded entry \d+: the tail was cut/,
    ],
    [
      'an emptied timeline',
      () => undefined,
      /the timeline is empty, but \d+ entries were anchored: it was emptied/,
    ],
    [
      'a tail rewritten with a valid chain of its own',
      (l: TimelineEntry[]) => {
        const kept = l.slice(0, recorded.count - 1);
        const forged = chainEntry(
          kept[0]?.incidentId ?? '',
          kept.at(-1),
          {
            type: 'incident-closed',
            at: '2026-11-28T09:34:00.000Z',
            actor: 'rekey:review',
            summary: 'Incident closed: dismissed',
            data: { outcome: 'dismissed' },
          },
          'review',
        );
        return [...kept, forged];
      },
      /entry \d+ \(incident-closed\) is not sealed by a writer allowed to write it \(it claims review\): forged/,
    ],
  ])('finds %s, and says where', async (_what, tamper, problem) => {
    const check = await checkTampered(tamper);
    expect(check.intact).toBe(false);
    expect(check.problems.join('\n')).toMatch(problem);
  });

  it('fails a timeline whose head was never anchored: nothing proves its length', async () => {
    const check = await checkTampered((l) => l, false);
    expect(check.intact).toBe(false);
    expect(check.problems.join('\n')).toMatch(/no head of this timeline was ever anchored/);
  });

  it('finds an entry sealed by a function not allowed to write its type (the notify function writing a step)', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'rekey-tampered-'));
    cpSync(stateDir, copy, { recursive: true });
    const store = new FileTimelineStore(join(copy, 'timelines'));
    await store.as('notify').append(incidentId, {
      type: 'step-succeeded',
      at: '2026-11-28T10:00:00.000Z',
      actor: 'rekey:action',
      step: 'deactivate-key',
      summary: 'forged',
    });
    const check = await checkTimeline(incidentId, store);
    expect(check.intact).toBe(false);
    expect(check.problems.join('\n')).toMatch(
      /\(step-succeeded\) is not sealed by a writer allowed to write it \(it claims notify\)/,
    );
  });
});

describe('every signal counted in the review', () => {
  it('counts the re-publications of a finding it did not write one by one, and no re-delivery', async () => {
    const stormDir = mkdtempSync(join(tmpdir(), 'rekey-storm-'));
    const storm = await runDrill(drillNamed('event-storm'), { root: ROOT, stateDir: stormDir });
    const [incident] = storm.incidents;
    const markdown = readFileSync(storm.reviews.get(incident?.id ?? '') ?? '', 'utf8');
    const entries = storm.timelines.get(incident?.id ?? '') ?? [];
    const counted = entries.find((e) => e.type === 'incident-closed')?.data?.signals as number;
    const written = entries.filter((e) => e.type === 'incident-opened' || e.type === 'signal-joined').length;
    expect(counted).toBeGreaterThan(written);
    expect(markdown).toContain(`- **Signals:** ${counted} (`);
    expect(markdown).toContain(`; ${counted - written} more re-publishing a report already recorded)`);
  });
});

/** Entries as a review reads them when every one is sealed by a writer allowed to write it. */
const allSealed = (entries: TimelineEntry[]) => ({ entries, unsealed: new Set<TimelineEntry>() });

describe('what changed, in the review', () => {
  const undo = {
    operation: 'iam:DeleteInlinePolicy',
    parameters: { principal: { kind: 'role', name: 'ops' } },
  };
  const entry = (type: string, at: string, data: Record<string, unknown>) =>
    ({
      type,
      at,
      actor: 'rekey:action',
      step: 'contain-source',
      summary: `${type} summary`,
      data,
    }) as TimelineEntry;

  it('lists what a step changed before it failed, for the rollback undoes it all the same', () => {
    const model = reviewModel(
      allSealed([entry('step-failed', '2026-11-28T10:43:00Z', { error: 'NotContainableError', undo })]),
    );
    expect(model.changes).toEqual([
      { step: 'contain-source', at: '2026-11-28T10:43:00Z', summary: 'step-failed summary', undo },
    ]);
  });

  it('lists it once when a retry of the step then succeeded', () => {
    const model = reviewModel(
      allSealed([
        entry('step-failed', '2026-11-28T10:43:00Z', { error: 'ThrottlingError', undo }),
        entry('step-succeeded', '2026-11-28T10:43:05Z', {
          outcome: { status: 'changed', summary: 'contained', undo },
        }),
      ]),
    );
    expect(model.changes.map((c) => c.summary)).toEqual(['contained']);
  });

  it('keeps it when the retry found everything done and recorded nothing to undo, as the rollback does', () => {
    const model = reviewModel(
      allSealed([
        entry('step-failed', '2026-11-28T10:43:00Z', { error: 'ThrottlingError', undo }),
        entry('step-succeeded', '2026-11-28T10:43:05Z', {
          outcome: { status: 'unchanged', summary: 'already done' },
        }),
      ]),
    );
    expect(model.changes.map((c) => c.summary)).toEqual(['step-failed summary']);
  });
});
