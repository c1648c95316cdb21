import { parse } from 'yaml';
import { InvalidInputError } from '../domain/errors.js';
import { type Playbook, PlaybookSchema } from './schema.js';
import { playbookProblems } from './validate.js';

/** Reads a playbook's YAML text; InvalidInputError names every problem, with its path. */
export function parsePlaybook(text: string, source: string): Playbook {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new InvalidInputError(`${source} is not YAML: ${(error as Error).message}`);
  }
  const parsed = PlaybookSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(playbook)'}: ${i.message}`);
    throw new InvalidInputError(`${source} is not a valid playbook:\n${issues.join('\n')}`);
  }
  const problems = playbookProblems(parsed.data);
  if (problems.length > 0)
    throw new InvalidInputError(
      `${source} is not a valid playbook:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  return parsed.data;
}
