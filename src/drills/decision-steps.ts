import { InvalidInputError } from '../domain/errors.js';
import { type AslDefinition, allStates, loadDefinition, playbookNames } from '../runtime/asl.js';
import type { Drill } from './drill-file.js';

/** The step ids a state machine's tasks name (`"step": "deactivate-key"` in their payloads). */
function stepIdsOf(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) for (const v of value) stepIdsOf(v, into);
  else if (value && typeof value === 'object')
    for (const [key, v] of Object.entries(value)) {
      if (key === 'step' && typeof v === 'string') into.add(v);
      else stepIdsOf(v, into);
    }
}

/** Every step id of the committed playbooks, sorted. */
export async function playbookStepIds(root: string): Promise<string[]> {
  const ids = new Set<string>();
  for (const playbook of await playbookNames(root))
    for (const [, state] of allStates(await loadDefinition(root, playbook))) stepIdsOf(state.Parameters, ids);
  return [...ids].sort();
}

/**
 * Refuses a drill whose decisions or restores name a step no playbook has: the decision would never be asked for,
 * and the drill would pass or fail for the wrong reason (a typo reads as "nobody answered").
 */
export async function checkNamedSteps(
  drill: Drill,
  root: string,
  own: Record<string, AslDefinition> = {},
): Promise<void> {
  const ids = new Set(await playbookStepIds(root));
  for (const definition of Object.values(own))
    for (const [, state] of allStates(definition)) stepIdsOf(state.Parameters, ids);
  const known = [...ids].sort();
  const named = [
    ...drill.decisions.map((d, i) => [`decisions.${i}`, d.step] as const),
    ...drill.restores.map((r, i) => [`restores.${i}`, r.step] as const),
    ...Object.entries(drill.paths).flatMap(([path, p]) =>
      p.decisions.map((d, i) => [`paths.${path}.decisions.${i}`, d.step] as const),
    ),
  ];
  const unknown = named.filter(([, step]) => !known.includes(step));
  if (unknown.length > 0)
    throw new InvalidInputError(
      `drill ${drill.name} names steps no playbook has: ${unknown.map(([at, step]) => `${at}: ${step}`).join('; ')} (the playbooks' steps: ${known.join(', ')})`,
    );
}
