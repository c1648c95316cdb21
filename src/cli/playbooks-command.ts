import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { InvalidInputError } from '../domain/errors.js';
import { compilePlaybook } from '../playbook/compile.js';
import { parsePlaybook } from '../playbook/parse.js';
import { playbookForKind } from '../playbook/playbook-for-kind.js';
import { type Playbook, playbookJsonSchema } from '../playbook/schema.js';
import { parseOptions } from './parse-options.js';

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** What a generated file should hold: JSON as the repository formats it. */
const asFile = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

async function generated(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const dir = join(root, 'playbooks');
  const playbooks: Playbook[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.yml')).sort()) {
    const playbook = parsePlaybook(await readFile(join(dir, file), 'utf8'), `playbooks/${file}`);
    if (`${playbook.name}.yml` !== file)
      throw new InvalidInputError(
        `playbooks/${file} names itself ${playbook.name}: the file must be ${playbook.name}.yml`,
      );
    playbooks.push(playbook);
    files.set(join('statemachines', `${playbook.name}.asl.json`), asFile(compilePlaybook(playbook)));
  }
  files.set(join('playbooks', 'playbook.schema.json'), asFile(playbookJsonSchema()));
  files.set(join('src', 'playbook', 'playbook-for-kind.json'), asFile(playbookForKind(playbooks)));
  return files;
}

/**
 * `rekey playbooks build [--check]`: compiles every `playbooks/*.yml` to `statemachines/<name>.asl.json` and writes
 * the playbook JSON Schema; with --check, writes nothing and fails (exit 1) naming each stale or missing file.
 */
export async function playbooksCommand(args: string[], root: string): Promise<number> {
  const { values, positionals } = parseOptions({
    args,
    options: { check: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (positionals[0] !== 'build') {
    console.error('usage: rekey playbooks build [--check]');
    return 2;
  }
  let files: Map<string, string>;
  try {
    files = await generated(root);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    console.error(`rekey: ${error.message}`);
    return 2;
  }
  const stale: string[] = [];
  for (const [path, content] of files) {
    const current = await readFile(join(root, path), 'utf8').catch(() => undefined);
    // The same JSON is up to date however a formatter has laid it out.
    if (current !== undefined && isDeepStrictEqual(parseJson(current), JSON.parse(content))) continue;
    if (values.check) stale.push(path);
    else await writeFile(join(root, path), content);
  }
  if (values.check) {
    for (const path of stale) console.error(`stale: ${path} (run rekey playbooks build)`);
    if (stale.length === 0) console.log(`${files.size} generated file(s) up to date`);
    return stale.length === 0 ? 0 : 1;
  }
  console.log(`wrote ${files.size} file(s)`);
  return 0;
}
