import { readFile } from 'node:fs/promises';
import { SYNTH_KINDS, synthEvent } from '../detections/synth.js';
import { InvalidInputError } from '../domain/errors.js';
import { InvalidPatternError, InvalidTestEventError } from '../eventbus/errors.js';
import { compilePattern } from '../eventbus/pattern.js';
import { parseTestEvent } from '../eventbus/test-event.js';
import { parseOptions } from './parse-options.js';

const USAGE = `usage: rekey events test-pattern --pattern FILE --event FILE
       rekey events synth KIND [--user NAME] [--key AKIA...] [--secret NAME] [--role NAME] [--account ID]
       rekey events synth --list`;

async function read(path: string, what: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    console.error(`rekey: cannot read the ${what} file ${path}`);
    return undefined;
  }
}

/**
 * `rekey events test-pattern --pattern FILE --event FILE`: prints true or false, as TestEventPattern answers; exits 2
 * for what TestEventPattern refuses: an invalid pattern, or an event that is not an object with id, account, source,
 * time, region and detail-type.
 */
export async function eventsCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'synth') return synthCommand(rest);
  if (sub !== 'test-pattern') {
    console.error(USAGE);
    return 2;
  }
  const { values } = parseOptions({
    args: rest,
    options: { pattern: { type: 'string' }, event: { type: 'string' } },
  });
  if (!values.pattern || !values.event) {
    console.error(USAGE);
    return 2;
  }
  const pattern = await read(values.pattern, 'pattern');
  const event = await read(values.event, 'event');
  if (pattern === undefined || event === undefined) return 2;
  try {
    const compiled = compilePattern(pattern);
    console.log(String(compiled.matches(parseTestEvent(event))));
    return 0;
  } catch (error) {
    if (error instanceof InvalidPatternError) {
      console.error(`rekey: invalid event pattern: ${error.message}`);
      return 2;
    }
    if (error instanceof InvalidTestEventError) {
      console.error(`rekey: the event is not valid for TestEventPattern: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

/** `rekey events synth KIND`: an event shaped exactly as AWS delivers it, for a detection Rekey has. */
function synthCommand(args: string[]): number {
  const { values, positionals } = parseOptions({
    args,
    allowPositionals: true,
    options: {
      list: { type: 'boolean', default: false },
      user: { type: 'string' },
      key: { type: 'string' },
      secret: { type: 'string' },
      role: { type: 'string' },
      account: { type: 'string' },
    },
  });
  if (values.list) {
    for (const [kind, { about }] of Object.entries(SYNTH_KINDS)) console.log(`${kind.padEnd(32)} ${about}`);
    return 0;
  }
  const [kind] = positionals;
  if (!kind || positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  try {
    const { list: _list, ...options } = values;
    console.log(JSON.stringify(synthEvent(kind, options), null, 2));
    return 0;
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    console.error(`rekey: ${error.message}`);
    return 2;
  }
}
