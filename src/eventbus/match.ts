import type { Alternative } from './compile.js';
import type { EventLeaf, FlatEvent } from './flatten.js';

type Assignment = Map<number, number>;

/** Whether a leaf sits in the same element of every array the assignment has already fixed. */
function consistent(leaf: EventLeaf, assignment: Assignment): boolean {
  const m = leaf.membership;
  for (let i = 0; i < m.length; i += 2) {
    const fixed = assignment.get(m[i] as number);
    if (fixed !== undefined && fixed !== m[i + 1]) return false;
  }
  return true;
}

function extend(assignment: Assignment, leaf: EventLeaf): Assignment {
  if (leaf.membership.length === 0) return assignment;
  const next = new Map(assignment);
  const m = leaf.membership;
  for (let i = 0; i < m.length; i += 2) next.set(m[i] as number, m[i + 1] as number);
  return next;
}

interface Field {
  path: string;
  candidates: EventLeaf[];
  allowsAbsence: boolean;
}

/**
 * Whether an event satisfies one alternative. Fields are taken in sorted path order, as EventBridge's engine
 * takes them; each is matched by one of its leaves, and leaves chosen for different fields must sit in the same
 * element of every array they share (array consistency). `exists: false` holds when no leaf of the field is
 * consistent with the elements chosen for the fields before it.
 */
export function matchesAlternative(alternative: Alternative, flat: FlatEvent): boolean {
  const fields: Field[] = [];
  for (const rule of alternative) {
    const leaves = flat.get(rule.path) ?? [];
    const allowsAbsence = rule.matchers.some((m) => m.absent);
    const candidates = leaves.filter((leaf) => rule.matchers.some((m) => !m.absent && m.test(leaf.value)));
    if (candidates.length === 0 && !allowsAbsence) return false;
    fields.push({ path: rule.path, candidates, allowsAbsence });
  }
  const search = (index: number, assignment: Assignment): boolean => {
    const field = fields[index];
    if (!field) return true;
    for (const leaf of field.candidates) {
      if (consistent(leaf, assignment) && search(index + 1, extend(assignment, leaf))) return true;
    }
    const absent =
      field.allowsAbsence && !(flat.get(field.path) ?? []).some((leaf) => consistent(leaf, assignment));
    return absent && search(index + 1, assignment);
  };
  return search(0, new Map());
}
