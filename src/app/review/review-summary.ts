import type { ReviewMetrics, ReviewModel } from './review-model.js';
import { formatDuration } from './review-model.js';

/** The team's metrics over many incidents (drills left out unless asked). */
export interface ReviewSummary {
  incidents: number;
  drillsLeftOut: number;
  byOutcome: Record<string, number>;
  /** Median and 90th percentile of each measure, over the incidents that have it. */
  measures: Record<keyof ReviewMetrics, { median?: number; p90?: number; n: number }>;
  approvals: { count: number; medianWaitMs?: number; timedOut: number };
  /** Timelines with no sealed opening (left out), and entries no allowed writer sealed (believed in none). */
  unbelieved: { timelines: number; entries: number };
}

function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const MEASURES: Array<keyof ReviewMetrics> = ['detectMs', 'notifyMs', 'containMs', 'closeMs', 'recoverMs'];

/** Summarises incidents opened since `since`; drill incidents count only with `includeDrills`. */
export function summariseReviews(
  models: readonly ReviewModel[],
  options: { since?: Date; includeDrills?: boolean } = {},
): ReviewSummary {
  // A timeline whose opening no allowed writer sealed is no incident Rekey opened: it is counted apart.
  const opened = models.filter((m) => m.openedAt !== undefined);
  const recent = opened.filter(
    (m) => !options.since || Date.parse(m.openedAt ?? '') >= options.since.getTime(),
  );
  const counted = recent.filter((m) => options.includeDrills || !m.drill);
  const byOutcome: Record<string, number> = {};
  for (const m of counted) byOutcome[m.outcome] = (byOutcome[m.outcome] ?? 0) + 1;
  const measures = Object.fromEntries(
    MEASURES.map((key) => {
      const values = counted.flatMap((m) => (m.metrics[key] === undefined ? [] : [m.metrics[key] as number]));
      return [key, { median: percentile(values, 50), p90: percentile(values, 90), n: values.length }];
    }),
  ) as ReviewSummary['measures'];
  const approvals = counted.flatMap((m) => m.approvals);
  return {
    incidents: counted.length,
    drillsLeftOut: recent.length - counted.length,
    byOutcome,
    measures,
    approvals: {
      count: approvals.length,
      medianWaitMs: percentile(
        approvals.flatMap((a) => (a.answer !== 'timed out' && a.waitedMs !== undefined ? [a.waitedMs] : [])),
        50,
      ),
      timedOut: approvals.filter((a) => a.answer === 'timed out').length,
    },
    unbelieved: {
      timelines: models.length - opened.length,
      entries: models.reduce((n, m) => n + m.unsealedCount, 0),
    },
  };
}

const LABELS: Record<keyof ReviewMetrics, string> = {
  detectMs: 'time to detect',
  notifyMs: 'time to notify',
  containMs: 'time to contain',
  closeMs: 'time to close',
  recoverMs: 'time to recover',
};

/** The summary as text lines. */
export function formatSummary(summary: ReviewSummary): string[] {
  const lines = [
    `${summary.incidents} incident(s)${summary.drillsLeftOut ? `; ${summary.drillsLeftOut} drill incident(s) left out (--include-drills counts them)` : ''}`,
    `outcomes: ${
      Object.entries(summary.byOutcome)
        .map(([o, n]) => `${o} ${n}`)
        .join(', ') || 'none'
    }`,
  ];
  const { unbelieved } = summary;
  if (unbelieved.timelines > 0 || unbelieved.entries > 0)
    lines.push(
      `not believed: ${unbelieved.timelines} timeline(s) with no sealed opening left out, ${unbelieved.entries} entries no allowed writer sealed (rekey review INCIDENT --verify names them)`,
    );
  for (const key of MEASURES) {
    const m = summary.measures[key];
    if (m.n > 0)
      lines.push(
        `${LABELS[key]}: median ${formatDuration(m.median)}, p90 ${formatDuration(m.p90)} (n=${m.n})`,
      );
  }
  lines.push(
    `approvals: ${summary.approvals.count}, median wait ${formatDuration(summary.approvals.medianWaitMs)}, ${summary.approvals.timedOut} timed out`,
  );
  return lines;
}
