/** How the differential test judges Rekey's answers against event-ruler's, and the figures it reports. */

/** An answer to one pair. */
export type Verdict = 'match' | 'no-match' | 'invalid';

/** One pair where event-ruler is not EventBridge: its answer, EventBridge's, and why (a key of `reasons`). */
export interface KnownError {
  reason: string;
  pattern: string;
  event: string;
  ruler: string;
  eventbridge: Verdict;
}

/** tools/ruler-diff/ruler-is-wrong.json. */
export interface KnownErrors {
  reasons: Record<string, string>;
  pairs: KnownError[];
}

/** One pair answered by both. */
export interface Row {
  pair: { pattern: string; event: string };
  rekey: Verdict;
  ruler: string;
  complexityMismatch: boolean;
  /** Why the pattern was refused, when it was. */
  why?: string;
}

/** The verdict of the comparison: ok, printable lines, and the disagreements no entry explains. */
export interface Report {
  ok: boolean;
  lines: string[];
  unlisted: KnownError[];
}

const key = (pattern: string, event: string) => `${pattern}\n${event}`;
const percent = (part: number, whole: number) => `${((100 * part) / Math.max(whole, 1)).toFixed(2)}%`;

/** Compares the answers; every disagreement must be listed with a reason, and every listed one must still occur. */
export function compare(rows: Row[], known: KnownErrors): Report {
  const listed = new Map(known.pairs.map((entry) => [key(entry.pattern, entry.event), entry]));
  const used = new Set<string>();
  const unlisted: KnownError[] = [];
  const byReason = new Map<string, number>();
  const problems: string[] = [];
  let bothAccept = 0;
  let agreeAccepted = 0;
  for (const row of rows) {
    const { pattern, event } = row.pair;
    if (row.rekey !== 'invalid' && row.ruler !== 'invalid') {
      bothAccept += 1;
      if (row.rekey === row.ruler) agreeAccepted += 1;
    }
    if (row.complexityMismatch)
      problems.push(`complexity: Rekey and event-ruler's measure differ on the limit for ${pattern}`);
    if (row.rekey === row.ruler) continue;
    const entry = listed.get(key(pattern, event));
    if (
      entry &&
      entry.ruler === row.ruler &&
      entry.eventbridge === row.rekey &&
      known.reasons[entry.reason]
    ) {
      used.add(key(pattern, event));
      byReason.set(entry.reason, (byReason.get(entry.reason) ?? 0) + 1);
    } else {
      unlisted.push({ reason: row.why ?? '?', pattern, event, ruler: row.ruler, eventbridge: row.rekey });
    }
  }
  const stale = known.pairs.filter((entry) => !used.has(key(entry.pattern, entry.event)));
  const disagreeing = rows.filter((row) => row.rekey !== row.ruler).length;
  const lines = [
    `event-ruler differential: ${rows.length} pairs, ${rows.length - disagreeing} answered alike (${percent(rows.length - disagreeing, rows.length)})`,
    `  both accept the pattern: ${bothAccept} pairs, agreeing on ${agreeAccepted} (${percent(agreeAccepted, bothAccept)}), disagreeing on ${bothAccept - agreeAccepted} (${percent(bothAccept - agreeAccepted, bothAccept)})`,
    `  disagreements where event-ruler is not EventBridge (listed with the reason): ${disagreeing - unlisted.length}`,
    ...[...byReason].map(([reason, n]) => `    ${reason}: ${n}`),
    ...unlisted
      .slice(0, 20)
      .map((u) => `  ✗ unlisted: Rekey ${u.eventbridge}, event-ruler ${u.ruler}: ${u.pattern} on ${u.event}`),
    ...(unlisted.length > 20 ? [`  ✗ … ${unlisted.length - 20} more unlisted disagreements`] : []),
    ...stale.slice(0, 20).map((s) => `  ✗ listed but no longer a disagreement: ${s.pattern} on ${s.event}`),
    ...problems.slice(0, 20).map((p) => `  ✗ ${p}`),
  ];
  const ok = unlisted.length === 0 && stale.length === 0 && problems.length === 0;
  lines.push(ok ? 'event-ruler differential: passed' : 'event-ruler differential: FAILED');
  return { ok, lines, unlisted };
}
