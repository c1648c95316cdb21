import type { LeafMatcher } from './leaf-matchers.js';
import type { EventLeaf } from './path-selection.js';

/** One field of an alternative, read from its slot of the selected leaves. */
export interface SlotField {
  slot: number;
  /** The match values a present leaf is tested against (`exists: false` left out). */
  present: readonly LeafMatcher[];
  /** Whether the field also matches when absent (`exists: false`). */
  allowsAbsence: boolean;
}

type Assignment = Map<number, number>;
const NONE: readonly EventLeaf[] = [];

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

function accepts(field: SlotField, leaf: EventLeaf): boolean {
  for (const matcher of field.present) if (matcher.test(leaf.value)) return true;
  return false;
}

function accepted(field: SlotField, held: readonly EventLeaf[]): EventLeaf[] {
  const out: EventLeaf[] = [];
  for (const leaf of held) if (accepts(field, leaf)) out.push(leaf);
  return out;
}

/** The search over array elements: one leaf per field, consistent across the arrays they share. */
function search(
  fields: readonly SlotField[],
  candidates: ReadonlyArray<readonly EventLeaf[]>,
  leaves: ReadonlyArray<readonly EventLeaf[] | undefined>,
  index: number,
  assignment: Assignment,
): boolean {
  const field = fields[index];
  if (!field) return true;
  for (const leaf of candidates[index] as readonly EventLeaf[]) {
    if (
      consistent(leaf, assignment) &&
      search(fields, candidates, leaves, index + 1, extend(assignment, leaf))
    )
      return true;
  }
  const absent = field.allowsAbsence && !(leaves[field.slot] ?? NONE).some((l) => consistent(l, assignment));
  return absent && search(fields, candidates, leaves, index + 1, assignment);
}

/**
 * Whether an event's leaves satisfy one alternative. Fields are taken in sorted path order, as EventBridge's engine
 * takes them; each is matched by one of its leaves, and leaves chosen for different fields must sit in the same
 * element of every array they share (array consistency). `exists: false` holds when no leaf of the field is
 * consistent with the elements chosen for the fields before it.
 */
export function matchesAlternative(
  fields: readonly SlotField[],
  leaves: ReadonlyArray<readonly EventLeaf[] | undefined>,
): boolean {
  let inArrays = false;
  for (const field of fields) {
    const held = leaves[field.slot];
    if (!held) {
      if (!field.allowsAbsence) return false;
      continue;
    }
    let one = false;
    for (const leaf of held) {
      if (leaf.membership.length > 0) inArrays = true;
      else if (!one && accepts(field, leaf)) one = true;
    }
    // Outside arrays a field holds when a leaf is accepted; a field that is there never holds as absent.
    if (!inArrays && !one) return false;
  }
  if (!inArrays) return true;
  const candidates = fields.map((field) => accepted(field, leaves[field.slot] ?? NONE));
  return search(fields, candidates, leaves, 0, new Map());
}
