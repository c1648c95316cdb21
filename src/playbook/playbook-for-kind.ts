import { EXPOSURE_KINDS, type ExposureKind } from '../domain/detection.js';
import { InvalidInputError } from '../domain/errors.js';
import generated from './playbook-for-kind.json' with { type: 'json' };
import type { Playbook } from './schema.js';

/** The one playbook each kind of exposure starts, from the playbooks' own `handles:` (none or two is an error). */
export function playbookForKind(playbooks: readonly Playbook[]): Record<ExposureKind, string> {
  const handling = new Map<string, string[]>();
  for (const playbook of playbooks)
    for (const kind of playbook.handles) handling.set(kind, [...(handling.get(kind) ?? []), playbook.name]);
  const problems = EXPOSURE_KINDS.flatMap((kind) => {
    const names = handling.get(kind) ?? [];
    return names.length === 1
      ? []
      : [`${kind} is handled by ${names.length ? names.join(' and ') : 'no playbook'}`];
  });
  if (problems.length > 0)
    throw new InvalidInputError(`each kind of exposure needs one playbook: ${problems.join('; ')}`);
  return Object.fromEntries(
    EXPOSURE_KINDS.map((kind) => [kind, (handling.get(kind) as string[])[0]]),
  ) as Record<ExposureKind, string>;
}

/** The playbook triage starts for each kind, as `rekey playbooks build` derived it from `handles:` (kept fresh by --check). */
export const PLAYBOOK_FOR_KIND: Record<ExposureKind, string> = generated as Record<ExposureKind, string>;
