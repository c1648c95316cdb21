import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { forwardingTemplate } from '../detections/forwarding-template.js';

/** Where the generated forwarding template is committed. */
export const FORWARDING_TEMPLATE = 'resources/forwarding.cfn.json';

/** `rekey forwarding build [--check]`: writes the StackSets forwarding template from the detection patterns. */
export async function forwardingCommand(args: string[], root: string): Promise<number> {
  const [verb, ...flags] = args;
  if (verb !== 'build' || flags.some((f) => f !== '--check')) {
    console.error('usage: rekey forwarding build [--check]');
    return 2;
  }
  const path = join(root, FORWARDING_TEMPLATE);
  const generated = forwardingTemplate();
  if (flags.includes('--check')) {
    const committed = await readFile(path, 'utf8').then(JSON.parse, () => undefined);
    if (isDeepStrictEqual(committed, generated)) {
      console.log(`${FORWARDING_TEMPLATE} is up to date`);
      return 0;
    }
    console.error(`${FORWARDING_TEMPLATE} is stale: run rekey forwarding build and commit it`);
    return 1;
  }
  await writeFile(path, `${JSON.stringify(generated, null, 2)}\n`);
  console.log(`wrote ${FORWARDING_TEMPLATE}`);
  return 0;
}
