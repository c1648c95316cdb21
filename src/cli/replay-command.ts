import { join, resolve } from 'node:path';
import { printable } from '../domain/inert-text.js';
import { runDrill } from '../drills/drill-runner.js';
import { REPLAY_RESPONDER, replayDrill } from '../drills/replay.js';
import { scorecard, scorecardText } from '../drills/scorecard.js';
import { commaList } from './comma-list.js';
import { formatDrillEvent, formatDrillReport, palette } from './drill-printer.js';
import { parseOptions } from './parse-options.js';
import { readValues } from './read-inputs.js';

const USAGE =
  'usage: rekey replay FILE|FOLDER|- ... [--speed N] [--decide approve|deny|none] [--allowlist ARN,...] [--protected ARN,...] [--account ID] [--region REGION] [--state-dir DIR]';

/**
 * `rekey replay`: exported material (CloudTrail log files, also gzipped; GuardDuty exports; NDJSON from an
 * EventBridge archive replay) through the local runtime, in recorded order on the simulated clock.
 */
export async function replayCommand(args: string[], root: string): Promise<number> {
  const { values, positionals } = parseOptions({
    args,
    allowPositionals: true,
    options: {
      speed: { type: 'string', default: '1' },
      decide: { type: 'string', default: 'none' },
      allowlist: { type: 'string' },
      protected: { type: 'string' },
      account: { type: 'string', default: '000000000000' },
      region: { type: 'string', default: 'us-east-1' },
      'state-dir': { type: 'string' },
    },
  });
  const speed = Number(values.speed);
  const decide = values.decide as 'approve' | 'deny' | 'none';
  if (positionals.length === 0 || !(speed > 0) || !['approve', 'deny', 'none'].includes(decide)) {
    console.error(USAGE);
    return 2;
  }
  const { drill, unreadable } = await replayDrill(readValues(positionals), {
    speed,
    decide,
    secretReadAllowlist: commaList(values.allowlist),
    protectedPrincipals: commaList(values.protected),
    account: values.account,
    region: values.region,
  });
  for (const reason of unreadable) console.error(printable(`skipped: ${reason}`));
  const c = palette(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  const start = new Date(drill.start);
  console.log(c.bold(`Rekey replay: ${drill.title}`));
  console.log(
    c.dim(
      `Simulated account ${drill.account.id} (what the evidence names), from ${drill.start}, gaps ÷ ${speed}; approvals: ${decide}.\n`,
    ),
  );
  const report = await runDrill(drill, {
    root,
    stateDir: resolve(values['state-dir'] ?? join('.rekey', 'replays', String(start.getTime()))),
    onEvent: (event) => {
      const line = formatDrillEvent(event, start, c);
      if (line) console.log(line);
    },
    ...(decide === 'none'
      ? {}
      : { interactive: async () => ({ slackUserId: REPLAY_RESPONDER.slackUserId, decision: decide }) }),
  });
  console.log(formatDrillReport(report, c));
  console.log(`\n${scorecardText(scorecard(report, 'replay')).join('\n')}`);
  return report.passed ? 0 : 1;
}
