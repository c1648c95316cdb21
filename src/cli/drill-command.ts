import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { publishDrillEvents } from '../adapters/aws/eventbridge-drill-publisher.js';
import { createTerminalApprover } from '../adapters/local/terminal-approver.js';
import { type Drill, loadDrill, onPath } from '../drills/drill-file.js';
import { runDrill } from '../drills/drill-runner.js';
import { type Scorecard, scorecard, scorecardsMarkdown, scorecardText } from '../drills/scorecard.js';
import { fullyCovered, stateCoverage, stateCoverageText } from '../drills/state-coverage.js';
import { DRILL_DETAIL_TYPE, DRILL_SOURCE } from '../handlers/drill-event.js';
import { loadDefinitions } from '../runtime/asl.js';
import type { LocalExecution } from '../runtime/local-workflow.js';
import { formatDrillEvent, formatDrillReport, formatPathVerdict, palette } from './drill-printer.js';
import { parseOptions } from './parse-options.js';

/** The drill `npm start` runs. */
export const DEFAULT_DRILL = 'leaked-access-key';

/** A drill file: the one given, or drills/<name>.yml (the default drill without a name). */
export function drillPath(root: string, name: string | undefined, file: string | undefined): string {
  return file ? resolve(file) : join(root, 'drills', `${name ?? DEFAULT_DRILL}.yml`);
}

/**
 * `rekey drill [name] [--file PATH] [--path PATH] [--interactive] [--as SLACK_USER] [--state-dir DIR] [--list]`:
 * the main path with its events as they happen, then every other path (deny, timeout) with its verdict; `--path`
 * runs one path in full. Returns the exit code.
 */
export async function drillCommand(args: string[], root: string): Promise<number> {
  const { values, positionals } = parseOptions({
    args,
    allowPositionals: true,
    options: {
      file: { type: 'string' },
      interactive: { type: 'boolean', default: false },
      as: { type: 'string' },
      'state-dir': { type: 'string' },
      list: { type: 'boolean', default: false },
      path: { type: 'string' },
      all: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      markdown: { type: 'boolean', default: false },
      target: { type: 'string', default: 'local' },
      bus: { type: 'string', default: 'default' },
    },
  });
  const drillsDir = join(root, 'drills');
  if (values.list) {
    const names = (await readdir(drillsDir)).filter((f) => f.endsWith('.yml')).map((f) => f.slice(0, -4));
    for (const name of names) console.log(`${name}${name === DEFAULT_DRILL ? '  (default)' : ''}`);
    return 0;
  }
  if (values.all)
    return drillAll(drillsDir, root, values.json ? 'json' : values.markdown ? 'markdown' : 'text');
  if (positionals.length > 1 || (values.file && positionals.length > 0)) {
    console.error('usage: rekey drill [name | --file PATH] [--interactive] [--as SLACK_USER_ID]');
    return 2;
  }
  const loaded = await loadDrill(drillPath(root, positionals[0], values.file));
  const drill = values.path ? onPath(loaded, values.path) : loaded;
  if (values.target === 'aws') return publishToAws(drill, values.bus);
  if (values.target !== 'local') {
    console.error('--target is local (the default) or aws');
    return 2;
  }
  const stateDir = resolve(
    values['state-dir'] ??
      join('.rekey', 'drills', values.path ? `${drill.name}--${values.path}` : drill.name),
  );
  if (values.json && values.interactive)
    return usageError('--json runs the drill as scripted: leave out --interactive');
  if (values.json) return drillJson(loaded, values.path, root, stateDir);
  const c = palette(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  const start = new Date(drill.start);
  const responder = values.as ?? drill.responders[0]?.slackUserId;
  if (values.interactive && !responder)
    return usageError('--interactive needs a responder: add one to the drill or pass --as SLACK_USER_ID');

  const slack = slackFromEnvironment();
  if (slack === 'invalid')
    return usageError('SLACK_BOT_TOKEN is set: set SLACK_CHANNEL too (the channel id the drill posts to)');
  console.log(
    c.bold(`Rekey drill: ${drill.name}${values.path ? ` (path ${values.path})` : ''}`),
    c.dim(`— ${drill.title}`),
  );
  console.log(
    c.dim(
      `Simulated account ${accountsLine(drill)}, simulated clock from ${drill.start}; no AWS account; ${slack ? `posting to Slack channel ${slack.channel}` : 'no Slack'}.\n`,
    ),
  );
  const report = await runDrill(drill, {
    root,
    stateDir,
    ...(slack ? { slack } : {}),
    onEvent: (event) => {
      const line = formatDrillEvent(event, start, c);
      if (line) console.log(line);
    },
    ...(values.interactive && responder
      ? {
          interactive: createTerminalApprover({
            input: process.stdin,
            output: process.stdout,
            slackUserId: responder,
          }),
        }
      : {}),
  });
  console.log(formatDrillReport(report, c));
  console.log(`\n${scorecardText(scorecard(report, values.path ?? 'main')).join('\n')}`);
  const others = values.path ? true : await otherPaths(drill, root, stateDir, c);
  return report.passed && others ? 0 : 1;
}

/** The drill's other paths, one verdict line each; whether all passed. */
async function otherPaths(
  drill: Drill,
  root: string,
  stateDir: string,
  c: ReturnType<typeof palette>,
): Promise<boolean> {
  const others = Object.keys(drill.paths);
  if (others.length > 0)
    console.log(`\n${c.bold('Other paths')} ${c.dim('(rekey drill NAME --path PATH shows one in full)')}`);
  let passed = true;
  for (const name of others) {
    const other = await runDrill(onPath(drill, name), { root, stateDir: `${stateDir}--${name}` });
    console.log(formatPathVerdict(name, other, c));
    passed &&= other.passed;
  }
  return passed;
}

/** Says what is wrong with the command line; exit code 2. */
function usageError(message: string): number {
  console.error(message);
  return 2;
}

/** `rekey drill NAME --json` (or `--file`): the scorecard of each path run (the one `--path` names), as --all prints them. */
async function drillJson(
  drill: Drill,
  only: string | undefined,
  root: string,
  stateDir: string,
): Promise<number> {
  const cards: Scorecard[] = [];
  for (const path of only ? [only] : ['main', ...Object.keys(drill.paths)]) {
    const report = await runDrill(path === 'main' ? drill : onPath(drill, path), {
      root,
      stateDir: path === 'main' || only ? stateDir : `${stateDir}--${path}`,
    });
    cards.push(scorecard(report, path));
  }
  console.log(JSON.stringify(cards, null, 2));
  return cards.every((c) => c.passed) ? 0 : 1;
}

/** `rekey drill --all`: every drill on every path, a scorecard each (text, JSON or Markdown); 1 on any failure. */
async function drillAll(
  drillsDir: string,
  root: string,
  format: 'text' | 'json' | 'markdown',
): Promise<number> {
  const names = (await readdir(drillsDir)).filter((f) => f.endsWith('.yml')).sort();
  const cards: Scorecard[] = [];
  const executions: LocalExecution[] = [];
  for (const file of names) {
    const drill = await loadDrill(join(drillsDir, file));
    for (const path of ['main', ...Object.keys(drill.paths)]) {
      const report = await runDrill(path === 'main' ? drill : onPath(drill, path), {
        root,
        stateDir: await mkdtemp(join(tmpdir(), `rekey-${drill.name}-`)),
      });
      cards.push(scorecard(report, path));
      executions.push(...report.executions.filter((e) => !report.replacedPlaybooks.includes(e.playbook)));
    }
  }
  const coverage = stateCoverage(await loadDefinitions(root), executions);
  if (format === 'json') console.log(JSON.stringify(cards, null, 2));
  else if (format === 'markdown') console.log(scorecardsMarkdown(cards));
  else {
    for (const card of cards) console.log(scorecardText(card).join('\n'));
    const failed = cards.filter((c) => !c.passed).length;
    console.log(`\n${cards.length - failed}/${cards.length} drill runs passed`);
  }
  // JSON goes to stdout whole; the coverage then goes to stderr, so a JSON reader still gets only the scorecards.
  const say = format === 'json' ? console.error : console.log;
  say(
    `\nStates of the compiled state machines entered by a drill:\n${stateCoverageText(coverage).join('\n')}`,
  );
  const covered = fullyCovered(coverage);
  if (!covered) say('\nState coverage is below 100%: a branch no drill enters is a branch nothing proves.');
  return cards.every((c) => c.passed) && covered ? 0 : 1;
}

/** Live: the drill's events, in order, to the deployed bus, wrapped as rekey.drill events. */
async function publishToAws(drill: Drill, bus: string): Promise<number> {
  // The deployment triages them as a drill and only simulates (its Slack thread is marked as a drill).
  const events = [...drill.events].sort((a, b) => a.at - b.at).map((e) => e.event);
  const count = await publishDrillEvents(drill.name, events, {
    bus,
    source: DRILL_SOURCE,
    detailType: DRILL_DETAIL_TYPE,
  });
  console.log(`published ${count} drill event(s) of ${drill.name} to the event bus ${bus}`);
  return 0;
}

/** Slack to post the drill to, from SLACK_BOT_TOKEN and SLACK_CHANNEL (and SLACK_API_URL), if both are set. */
function slackFromEnvironment(): { token: string; channel: string; apiUrl?: string } | undefined | 'invalid' {
  const token = process.env.SLACK_BOT_TOKEN;
  const channel = process.env.SLACK_CHANNEL;
  if (token && !channel) return 'invalid';
  return token && channel
    ? { token, channel, ...(process.env.SLACK_API_URL ? { apiUrl: process.env.SLACK_API_URL } : {}) }
    : undefined;
}

/** The drill's account, the organisation's other accounts it simulates, and where Rekey runs when elsewhere. */
function accountsLine(drill: Drill): string {
  const others = drill.memberAccounts.map((a) => a.id);
  const security = drill.securityAccount ?? drill.account.id;
  return `${drill.account.id}${others.length ? ` (with ${others.join(', ')})` : ''}${security === drill.account.id ? '' : `, Rekey deployed in ${security}`}`;
}
