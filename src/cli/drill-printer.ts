import { shortKeyId } from '../domain/access-key.js';
import { formatOffset } from '../domain/duration.js';
import { printable as p } from '../domain/inert-text.js';
import type { DrillEvent } from '../drills/drill-events.js';
import type { DrillReport } from '../drills/drill-runner.js';

/** Terminal colours, off when the output is not a terminal or NO_COLOR is set. */
export function palette(enabled: boolean) {
  // Only these sequences reach the terminal: every field from an event passes through `p` (printable) first.
  const wrap = (code: string) => (text: string) => (enabled ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    dim: wrap('2'),
    bold: wrap('1'),
    red: wrap('31'),
    green: wrap('32'),
    yellow: wrap('33'),
    cyan: wrap('36'),
  };
}

type Palette = ReturnType<typeof palette>;

const TIMELINE_LABELS: Record<string, string> = {
  'incident-opened': 'incident',
  'signal-joined': 'signal',
  'step-started': 'step',
  'step-succeeded': 'step',
  'step-failed': 'step',
  'step-repeated': 'step',
  'approval-requested': 'approval',
  'approval-decided': 'approval',
  'approval-click-rejected': 'approval',
  'approval-timed-out': 'approval',
  'notification-sent': 'notify',
  'notification-failed': 'notify',
  escalated: 'escalate',
  verification: 'verify',
  'incident-closed': 'closed',
};

/** Formats one drill event as a line: wall time on the drill's clock, offset from the start, what happened. */
export function formatDrillEvent(event: DrillEvent, start: Date, c: Palette): string | undefined {
  const time = `${event.at.toISOString().slice(11, 19)} ${formatOffset(event.at.getTime() - start.getTime()).padEnd(9)}`;
  const line = (label: string, text: string) => `  ${c.dim(time)} ${label.padEnd(9)} ${text}`;
  switch (event.kind) {
    case 'delivered':
      return line(
        c.cyan('event'),
        `${p(event.source)} ${c.dim(p(event.eventId.slice(0, 8)))}${event.note ? ` (${p(event.note)})` : ''} → ${
          event.matchedRules.length ? event.matchedRules.join(', ') : c.yellow('no rule matched')
        }`,
      );
    case 'ignored':
      return line(c.yellow('ignored'), p(`${event.subject}: ${event.reason}`));
    case 'rejected':
      return line(c.red('rejected'), `${p(event.reason)} (kept in dead letters)`);
    case 'notice':
      return undefined;
    case 'attacker': {
      const { verdict } = event;
      const mark = event.asExpected ? c.green('✓') : c.red(`✗ expected ${event.expected}`);
      const result = verdict.outcome === 'allowed' ? c.yellow('allowed') : c.green(`refused ${verdict.code}`);
      return line(
        event.by ? c.cyan(event.by) : c.red('attacker'),
        `${p(event.action)} with ${p(shortKeyId(event.accessKeyId))} → ${result} ${c.dim(p(`(${verdict.reason})`))} ${mark}`,
      );
    }
    case 'timeline': {
      const { entry } = event;
      if (entry.type === 'step-started') return undefined;
      const label = TIMELINE_LABELS[entry.type] ?? entry.type;
      const tint =
        entry.type === 'step-failed' || entry.type === 'escalated' || entry.type === 'approval-click-rejected'
          ? c.red
          : entry.type === 'step-succeeded' || entry.type === 'approval-decided'
            ? c.green
            : (s: string) => s;
      const prefix = entry.type === 'step-succeeded' ? '✓ ' : entry.type === 'step-failed' ? '✗ ' : '';
      return line(c.bold(label), tint(`${prefix}${p(entry.summary)}`));
    }
  }
}

/** The closing summary: expectations with their verdicts, review paths, and the result. */
export function formatDrillReport(report: DrillReport, c: Palette): string {
  const lines = [...refusedCalls(report, c), '', c.bold('Expectations')];
  for (const r of report.results) {
    lines.push(
      r.passed
        ? `  ${c.green('✓')} ${p(r.label)}`
        : `  ${c.red('✗')} ${p(r.label)} ${c.red(p(`(found: ${r.found})`))}`,
    );
  }
  lines.push('');
  for (const [id, path] of report.reviews) lines.push(p(`Review of ${id}: ${path}`));
  const passed = report.results.filter((r) => r.passed).length;
  lines.push(
    report.passed
      ? c.green(c.bold(`PASSED: ${passed}/${report.results.length} expectations hold`))
      : c.red(
          c.bold(
            `FAILED: ${report.results.length - passed} of ${report.results.length} expectations do not hold`,
          ),
        ),
  );
  return lines.join('\n');
}

/** The calls AWS refused Rekey's roles, account by account: each is in that account's CloudTrail with AWS's error. */
function refusedCalls(report: DrillReport, c: Palette): string[] {
  const refused = [report.sandbox, ...report.members].flatMap((account) =>
    account.apiCalls
      .filter((call) => call.operation.endsWith('(refused)'))
      .map(
        (call) =>
          `  ${c.dim(p(call.at.slice(11, 19)))}  ${p(account.id)}  ${p(call.operation)} ${p(call.target)}`,
      ),
  );
  return refused.length
    ? [
        '',
        c.bold("Calls AWS refused Rekey (each in the account's CloudTrail with AWS's error code)"),
        ...refused,
      ]
    : [];
}

/** One line for a path of a drill (and a line per expectation that does not hold). */
export function formatPathVerdict(path: string, report: DrillReport, c: Palette): string {
  const held = report.results.filter((r) => r.passed).length;
  const lines = [
    report.passed
      ? `  ${c.green('✓')} ${path}: ${held}/${report.results.length} expectations hold ${c.dim(p(`— ${report.drill.description.trim()}`))}`
      : `  ${c.red('✗')} ${path}: ${report.results.length - held} of ${report.results.length} expectations do not hold`,
  ];
  for (const r of report.results.filter((x) => !x.passed))
    lines.push(`      ${c.red('✗')} ${p(r.label)} ${c.red(p(`(found: ${r.found})`))}`);
  return lines.join('\n');
}
