#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { RekeyError } from '../domain/errors.js';
import { printable } from '../domain/inert-text.js';
import { drillCommand } from './drill-command.js';
import { eventsCommand } from './events-command.js';
import { forwardingCommand } from './forwarding-command.js';
import { playbooksCommand } from './playbooks-command.js';
import { readinessCommand } from './readiness-command.js';
import { replayCommand } from './replay-command.js';
import { reportCommand } from './report-command.js';
import { reviewCommand } from './review-command.js';
import { rollbackCommand } from './rollback-command.js';
import { triageCommand } from './triage-command.js';

const USAGE = `rekey: incident response for leaked AWS credentials

Usage:
  rekey drill [name]              run a tabletop drill from drills/<name>.yml (default: leaked-access-key)
  rekey drill --file PATH         run any drill file
  rekey drill --list              list the drills
  rekey drill --all [--json | --markdown]
                                  every drill on every path, a scorecard each; exits 1 on any failure
  rekey drill NAME --path PATH    run one other path of a drill (deny, timeout) in full
  rekey drill NAME --target aws [--bus BUS]
                                  a live drill: publish its events, wrapped as rekey.drill, to the deployed bus
  rekey drill ... --interactive   decide approvals in the terminal instead of the drill's script
  rekey events test-pattern --pattern FILE --event FILE
                                  does the event match the EventBridge pattern? prints true or false
  rekey events synth KIND [--user --key --secret --role --account] | --list
                                  an event shaped exactly as AWS delivers it, for every detection Rekey has
  rekey triage FILE|FOLDER|- ...  what Rekey would do with each event (EventBridge events, CloudTrail logs,
                                  GuardDuty or Security Hub findings, scanner output): one JSON line per event
  rekey replay FILE|FOLDER|- ... [--speed N] [--decide approve|deny|none] [--allowlist ARN,...]
                                  exported events (CloudTrail logs, also gzipped; GuardDuty exports; NDJSON)
                                  through the local runtime in recorded order, on the simulated clock
  rekey report FILE|- ...         trufflehog or gitleaks output as rekey.report events, secrets dropped
  rekey rollback INCIDENT [--step STEP] [--drill NAME | --state-dir DIR]
                                  undo an incident's changes from their journal (newest first, or one step)
  rekey review INCIDENT [--html] [--verify] [--drill NAME | --state-dir DIR | --timeline-table T]
                                  the review from the timeline; --verify finds altered, removed, reordered
                                  or cut entries
  rekey review --all [--since DATE] [--include-drills] [--json]
                                  the team's metrics over many incidents (drills left out)
  rekey playbooks build [--check] compile playbooks/*.yml to statemachines/*.asl.json (--check: fail if stale)
  rekey forwarding build [--check] write resources/forwarding.cfn.json (StackSets event forwarding) from the
                                  detection patterns (--check: fail if stale)
  rekey readiness [DRILL] [--json | --markdown | --html FILE] [--fail-under SCORE]
                                  what the playbooks could not do today in a drill's account, scored, with
                                  what to fix first (secrets' rotation, encryption and readers; old keys;
                                  uncontainable principals; CloudTrail and GuardDuty; Rekey itself)
  rekey readiness --live [--regions R,...] [--member-role NAME [--accounts ID,...]] [--responders N]
                         [--identity-center]
                                  the same for the account the AWS credentials reach, read-only calls only
  rekey help                      this text

Exit codes: 0 success, 1 a drill expectation failed, 2 bad usage or invalid input.`;

/** The package root: two levels above this file, in src/ (tsx) and in dist/ (built) alike. */
const root = fileURLToPath(new URL('../../', import.meta.url));

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'drill':
      return drillCommand(rest, root);
    case 'events':
      return eventsCommand(rest);
    case 'triage':
      return triageCommand(rest);
    case 'report':
      return reportCommand(rest);
    case 'rollback':
      return rollbackCommand(rest);
    case 'replay':
      return replayCommand(rest, root);
    case 'review':
      return reviewCommand(rest);
    case 'playbooks':
      return playbooksCommand(rest, root);
    case 'forwarding':
      return forwardingCommand(rest, root);
    case 'readiness':
      return readinessCommand(rest, root);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`unknown command: ${command}\n\n${USAGE}`);
      return 2;
  }
}

// A closed pipe (`rekey drill | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known =
      error instanceof RekeyError ||
      (error instanceof Error && error.name === 'TypeError' && 'code' in error);
    // One line naming the problem (what bad input says is made printable); a stack only for Rekey's own bugs.
    console.error(known ? printable(`rekey: ${(error as Error).message}`) : error);
    process.exitCode = 2;
  },
);
