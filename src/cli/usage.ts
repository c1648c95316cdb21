/** The usage text of `rekey` (docs/cli.md has the whole reference). */
export const USAGE = `rekey: incident response for leaked AWS credentials

Usage:
  rekey drill [name]              run a tabletop drill from drills/<name>.yml (default: leaked-access-key)
  rekey drill --file PATH         run any drill file
  rekey drill [name | --file PATH] --json
                                  the scorecard of each path run (the one --path names), as JSON
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

/** The commands `rekey` takes. */
export const COMMANDS = new Set([
  'drill',
  'events',
  'triage',
  'report',
  'rollback',
  'replay',
  'review',
  'playbooks',
  'forwarding',
  'readiness',
]);

/** The usage lines of one command (its subcommands included), with their continuation lines. */
export function usageOf(command: string): string {
  const lines: string[] = [];
  let inCommand = false;
  for (const line of USAGE.split('\n')) {
    if (/^ {2}rekey /.test(line)) inCommand = line.startsWith(`  rekey ${command} `);
    else if (!/^ {3,}/.test(line)) inCommand = false;
    if (inCommand) lines.push(line);
  }
  return `Usage:\n${lines.join('\n')}\n\nThe whole reference: docs/cli.md.`;
}

/** Whether the arguments ask for help (before any `--`, after which everything is an operand). */
export const asksHelp = (rest: string[]) => {
  const end = rest.indexOf('--');
  return (end === -1 ? rest : rest.slice(0, end)).some((a) => a === '--help' || a === '-h');
};
