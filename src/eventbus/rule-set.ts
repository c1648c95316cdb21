import { compileAlternatives } from './compile.js';
import { InvalidPatternError } from './errors.js';
import { fromPlain, type JsonValue, parseJsonText } from './json-text.js';
import { matchesAlternative, type SlotField } from './match.js';
import { type EventLeaf, type PathSelection, selectLeaves, selectPaths } from './path-selection.js';

/** A rule to compile into a rule set: its name and its pattern (JSON text or a parsed value). */
export interface NamedPattern {
  name: string;
  pattern: unknown;
}

/** A pattern without `$or`, of one rule, its fields in sorted path order. */
interface Alternative {
  rule: number;
  fields: Array<SlotField & { path: string }>;
}

type Leaves = ReadonlyArray<readonly EventLeaf[] | undefined>;

function parsePattern(pattern: unknown): JsonValue {
  if (typeof pattern !== 'string') return fromPlain(pattern);
  try {
    return parseJsonText(pattern);
  } catch (error) {
    throw new InvalidPatternError(`the pattern is not valid JSON: ${(error as Error).message}`);
  }
}

/** The text's value: JSON.parse's when it reads it (fast), the strict reader's error when it does not. */
function parseEventText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return parseJsonText(text);
  }
}

/**
 * Chooses each alternative's anchor: a field every match value of which is one exact string, the path most
 * alternatives share first, so one look-up of the event's value there finds the alternatives worth testing.
 */
function anchors(alternatives: readonly Alternative[]): Array<SlotField | undefined> {
  const exactOnly = (field: SlotField) =>
    !field.allowsAbsence && field.present.every((matcher) => matcher.equals !== undefined);
  const shared = new Map<number, number>();
  for (const { fields } of alternatives)
    for (const field of fields)
      if (exactOnly(field)) shared.set(field.slot, (shared.get(field.slot) ?? 0) + 1);
  return alternatives.map(({ fields }) =>
    fields
      .filter(exactOnly)
      .reduce<SlotField | undefined>(
        (best, field) =>
          !best || (shared.get(field.slot) ?? 0) > (shared.get(best.slot) ?? 0) ? field : best,
        undefined,
      ),
  );
}

/**
 * Many rules compiled into one structure: the paths they name selected once (an event is read at those paths
 * only), and their alternatives indexed by the exact value each requires of a shared field, so an event is tested
 * against the alternatives its values can satisfy. Answers as each rule's pattern would on its own.
 */
export class RuleSet {
  private readonly selection: PathSelection;
  private readonly alternatives: Alternative[] = [];
  /** By anchor slot, then the exact value: the alternatives that value can satisfy. */
  private readonly index = new Map<number, Map<string, Alternative[]>>();
  private readonly unanchored: Alternative[] = [];

  /** Compiles the rules; throws InvalidPatternError (the reason EventBridge would refuse one for). */
  constructor(private readonly rules: readonly NamedPattern[]) {
    const compiled = rules.map((rule) => compileAlternatives(parsePattern(rule.pattern)));
    this.selection = selectPaths(compiled.flat(2).map((field) => field.path));
    const slot = new Map(this.selection.paths.map((path, i) => [path, i]));
    compiled.forEach((alternatives, rule) => {
      for (const alternative of alternatives)
        this.alternatives.push({
          rule,
          fields: alternative.map(({ path, matchers }) => ({
            path,
            slot: slot.get(path) ?? -1,
            present: matchers.filter((m) => !m.absent),
            allowsAbsence: matchers.some((m) => m.absent),
          })),
        });
    });
    anchors(this.alternatives).forEach((anchor, i) => {
      const alternative = this.alternatives[i] as Alternative;
      if (!anchor) {
        this.unanchored.push(alternative);
        return;
      }
      const byValue = this.index.get(anchor.slot) ?? new Map<string, Alternative[]>();
      this.index.set(anchor.slot, byValue);
      for (const { equals } of anchor.present) {
        const listed = byValue.get(equals as string) ?? [];
        if (!listed.includes(alternative)) listed.push(alternative);
        byValue.set(equals as string, listed);
      }
    });
  }

  /**
   * The names of the rules an event matches, in the rules' order. The event is a parsed value or JSON text
   * (read by JSON.parse, and again by the strict reader when a selected leaf is a number: its spelling counts).
   */
  matching(event: unknown): string[] {
    if (typeof event !== 'string') return this.matchingLeaves(selectLeaves(event, this.selection).leaves);
    let selected = selectLeaves(parseEventText(event), this.selection);
    if (selected.sawNumber) selected = selectLeaves(parseJsonText(event), this.selection);
    return this.matchingLeaves(selected.leaves);
  }

  private matchingLeaves(leaves: Leaves): string[] {
    let matched: boolean[] | undefined;
    for (const [slot, byValue] of this.index) {
      const held = leaves[slot];
      if (!held) continue;
      for (const leaf of held) {
        const listed = typeof leaf.value === 'string' ? byValue.get(leaf.value) : undefined;
        if (listed) for (const alternative of listed) matched = this.test(alternative, leaves, matched);
      }
    }
    for (const alternative of this.unanchored) matched = this.test(alternative, leaves, matched);
    if (!matched) return [];
    const names: string[] = [];
    for (let i = 0; i < this.rules.length; i += 1)
      if (matched[i]) names.push((this.rules[i] as NamedPattern).name);
    return names;
  }

  /** Tests one alternative unless its rule has matched already; the rules matched so far. */
  private test(
    alternative: Alternative,
    leaves: Leaves,
    matched: boolean[] | undefined,
  ): boolean[] | undefined {
    if (matched?.[alternative.rule] || !matchesAlternative(alternative.fields, leaves)) return matched;
    const now = matched ?? [];
    now[alternative.rule] = true;
    return now;
  }

  /**
   * Whether some rule could match an event whose value at each known path is that one string (outside any array),
   * whatever else it holds: false only when every alternative of every rule requires something else at one of them.
   */
  couldMatch(known: ReadonlyMap<string, string>): boolean {
    return this.alternatives.some(({ fields }) =>
      fields.every(({ path, present }) => {
        const value = known.get(path);
        return value === undefined || present.some((matcher) => matcher.test(value));
      }),
    );
  }
}
