import { formatDuration, reviewModel } from '../app/review/review-model.js';
import type { DrillReport } from './drill-runner.js';

/** How a drill went, for the team: what a tabletop exercise is scored on. */
export interface Scorecard {
  drill: string;
  path: string;
  passed: boolean;
  detected: boolean;
  incidents: number;
  /** The playbooks the incidents ran. */
  playbooks: string[];
  contained: boolean;
  outcomes: string[];
  /** From the first signal received to the first change in place, on the drill's clock. */
  timeToContainMs?: number;
  approvals: Array<{ step: string; answer: string; by: string[]; waitedMs?: number }>;
  expectations: { met: number; total: number; failed: string[] };
}

/** The scorecard of one run of a drill (one of its paths). */
export function scorecard(report: DrillReport, path = 'main'): Scorecard {
  const models = report.incidents.map((i) =>
    reviewModel({ entries: report.timelines.get(i.id) ?? [], unsealed: report.unsealed }),
  );
  const contain = models.flatMap((m) => (m.metrics.containMs === undefined ? [] : [m.metrics.containMs]));
  const failed = report.results.filter((r) => !r.passed);
  return {
    drill: report.drill.name,
    path,
    passed: report.passed,
    detected: report.incidents.length > 0,
    incidents: report.incidents.length,
    playbooks: [...new Set(report.incidents.map((i) => i.playbook))],
    contained: models.some((m) => m.outcome === 'contained'),
    outcomes: models.map((m) => m.outcome),
    ...(contain.length ? { timeToContainMs: Math.min(...contain) } : {}),
    approvals: models.flatMap((m) =>
      m.approvals.map((a) => ({
        step: a.step,
        answer: a.answer,
        by: a.by,
        ...(a.waitedMs !== undefined ? { waitedMs: a.waitedMs } : {}),
      })),
    ),
    expectations: {
      met: report.results.length - failed.length,
      total: report.results.length,
      failed: failed.map((r) => `${r.label} (found: ${r.found})`),
    },
  };
}

const yes = (v: boolean) => (v ? 'yes' : 'no');

/** A scorecard as text lines. */
export function scorecardText(card: Scorecard): string[] {
  return [
    `${card.passed ? 'PASS' : 'FAIL'} ${card.drill}${card.path === 'main' ? '' : ` / ${card.path}`}: ${card.expectations.met}/${card.expectations.total} expectations`,
    `  detected ${yes(card.detected)} (${card.incidents} incident(s)), playbook ${card.playbooks.join(', ') || '—'}, contained ${yes(card.contained)}, time to contain ${formatDuration(card.timeToContainMs)}, outcomes ${card.outcomes.join(', ') || '—'}`,
    ...card.approvals.map(
      (a) =>
        `  approval ${a.step}: ${a.answer}${a.by.length ? ` by ${a.by.join(', ')}` : ''} after ${formatDuration(a.waitedMs)}`,
    ),
    ...card.expectations.failed.map((f) => `  ✗ ${f}`),
  ];
}

/** Scorecards as a Markdown table, one row per drill path. */
export function scorecardsMarkdown(cards: readonly Scorecard[]): string {
  const rows = cards.map(
    (c) =>
      `| ${c.drill}${c.path === 'main' ? '' : ` / ${c.path}`} | ${c.passed ? '✅' : '❌'} | ${yes(c.detected)} | ${c.playbooks.join(', ') || '—'} | ${yes(c.contained)} | ${formatDuration(c.timeToContainMs)} | ${c.approvals.map((a) => `${a.step}: ${a.answer} (${formatDuration(a.waitedMs)})`).join('; ') || '—'} | ${c.expectations.met}/${c.expectations.total} |`,
  );
  return [
    '| Drill | Passed | Detected | Playbook | Contained | Time to contain | Approvals | Expectations |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
