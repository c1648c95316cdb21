import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '../domain/errors.js';
import { compilePlaybook } from '../playbook/compile.js';
import { parsePlaybook } from '../playbook/parse.js';
import { type AslDefinition, playbookNames } from '../runtime/asl.js';
import type { Drill } from './drill-file.js';

/**
 * The playbooks a drill brings (its `playbooks` files), compiled as `rekey playbooks build` compiles the committed
 * ones, by name. Each replaces the committed playbook of its name for this drill only (triage starts playbooks by
 * name), so a drill can take every branch a playbook file can have (`onApprovalTimeout: abort`, ...); a name no
 * committed playbook has is an error listing the names there are.
 */
export async function drillPlaybooks(drill: Drill, root: string): Promise<Record<string, AslDefinition>> {
  if (drill.playbooks.length === 0) return {};
  const committed = await playbookNames(root);
  const compiled: Record<string, AslDefinition> = {};
  for (const path of drill.playbooks) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new InvalidInputError(
        `drill ${drill.name}: cannot read its playbook ${path}: ${(error as Error).message}`,
      );
    }
    const playbook = parsePlaybook(text, path);
    if (!committed.includes(playbook.name))
      throw new InvalidInputError(
        `drill ${drill.name}: its playbook ${path} is named ${playbook.name}, which no committed playbook is; it replaces one of: ${committed.join(', ')}`,
      );
    compiled[playbook.name] = compilePlaybook(playbook) as unknown as AslDefinition;
  }
  return compiled;
}
