import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { InvalidPatternError } from '../eventbus/errors.js';
import { matchesEventPattern } from '../eventbus/pattern.js';

const USAGE = 'usage: rekey events test-pattern --pattern FILE --event FILE';

async function read(path: string, what: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    console.error(`rekey: cannot read the ${what} file ${path}`);
    return undefined;
  }
}

/** `rekey events test-pattern --pattern FILE --event FILE`: prints true or false; exits 2 for an invalid pattern. */
export async function eventsCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'test-pattern') {
    console.error(USAGE);
    return 2;
  }
  const { values } = parseArgs({
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
    console.log(String(matchesEventPattern(pattern, event)));
    return 0;
  } catch (error) {
    if (error instanceof InvalidPatternError) {
      console.error(`rekey: invalid event pattern: ${error.message}`);
      return 2;
    }
    console.error(`rekey: the event is not valid JSON: ${(error as Error).message}`);
    return 2;
  }
}
