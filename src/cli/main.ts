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
import { asksHelp, COMMANDS, USAGE, usageOf } from './usage.js';

/** The package root: two levels above this file, in src/ (tsx) and in dist/ (built) alike. */
const root = fileURLToPath(new URL('../../', import.meta.url));

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command && COMMANDS.has(command) && asksHelp(rest)) {
    console.log(usageOf(command));
    return 0;
  }
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
