import { endings } from './endings.js';
import type { PlaybookStep } from './schema.js';

/** The name a step gives its group's states: `deactivate-key` -> `DeactivateKey`. */
export const groupNameOf = (id: string) =>
  id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());

/** Every group's states are one of these prefixes and its name (`RunDeactivateKey`). */
export const GROUP_STATE_PREFIXES = [
  'Skip',
  'Wait',
  'Has',
  'Gate',
  'Approve',
  'RecordTimeout',
  'Run',
  'Any',
  'Notify',
  'Failed',
  'Recall',
  'Escalate',
  'Defer',
] as const;

/** The states every playbook may end in (with the breach path), which no step's states may take. */
const ENDING_STATES = new Set(Object.keys(endings(true, [])));

/**
 * Step ids whose states would collide: two ids with one name (`key-1`, `key1`) or a step whose states would be an
 * ending (`escalated` -> `NotifyEscalated`); the compiler would silently let one overwrite the other.
 */
export function stateNameProblems(steps: PlaybookStep[]): string[] {
  const problems: string[] = [];
  const owners = new Map<string, string>();
  for (const [index, { id }] of steps.entries()) {
    const at = `steps[${index}] (${id})`;
    const name = groupNameOf(id);
    const owner = owners.get(name);
    if (owner !== undefined && owner !== id)
      problems.push(`${at}: ${id} compiles to the same states as ${owner} (${name}): rename one`);
    owners.set(name, owner ?? id);
    const ending = GROUP_STATE_PREFIXES.map((prefix) => `${prefix}${name}`).find((s) => ENDING_STATES.has(s));
    if (ending)
      problems.push(
        `${at}: ${id} compiles to the state ${ending}, which every playbook ends in: rename the step`,
      );
  }
  return problems;
}
