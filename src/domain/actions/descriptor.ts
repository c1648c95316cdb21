import type * as z from 'zod';

/** What the action catalogue declares about an action; playbooks are validated against these. */
export interface ActionDescriptor<P extends z.ZodType = z.ZodType> {
  name: string;
  title: string;
  parameters: P;
  /** Whether it changes the account (a drill in simulate mode only plans it). */
  mutating: boolean;
  /** Whether its journal carries enough to undo it. */
  reversible: boolean;
  /** The error names it can raise, as Retry/Catch see them. */
  errors: readonly string[];
  /** Never auto-approved, whatever the evidence: playbooks must put a responder in front of it. */
  alwaysRequiresApproval?: boolean;
  /** Who else a mutating action affects, for the responder who approves it. */
  blastRadius?: string;
  /** Parameters of which a step gives exactly one (one key, or a list of keys), each pair checked by playbooks too. */
  exactlyOneOf?: ReadonlyArray<readonly [string, string]>;
}

/** What a family file declares of an action; the constructor of its kind adds whether it changes and can undo. */
type Declared = Omit<ActionDescriptor, 'name' | 'title' | 'mutating' | 'reversible'>;

/** An action that changes the account and journals enough to undo the change. */
export function reversibleChange<const D extends Declared>(name: string, title: string, declared: D) {
  return { name, title, ...declared, mutating: true, reversible: true } as const;
}

/** An action that changes the account and that Rekey cannot undo (a password removed, a secret rotated). */
export function oneWayChange<const D extends Declared>(name: string, title: string, declared: D) {
  return { name, title, ...declared, mutating: true, reversible: false } as const;
}

/** An action that only looks (an investigation, a check): a drill in simulate mode runs it. */
export function lookOnly<const D extends Declared>(name: string, title: string, declared: D) {
  return { name, title, ...declared, mutating: false, reversible: false } as const;
}
