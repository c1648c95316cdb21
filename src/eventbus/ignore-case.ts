/**
 * equals-ignore-case as EventBridge's engine reads it: each character of the pattern stands for itself, its lower
 * case or its upper case form (full Unicode mappings, which may be longer: `ß` is also `SS`, `ΰ` also `Ϋ́`), and the
 * event's text must be a sequence of those forms.
 */

type Forms = readonly string[];

function forms(pattern: string): Forms[] {
  return Array.from(pattern, (char) => [...new Set([char, char.toLowerCase(), char.toUpperCase()])]);
}

/** The positions of `text` where a run of the pattern's characters can end, starting from `starts`. */
function advance(text: string, pattern: Forms[], starts: number[]): number[] {
  let positions = starts;
  for (const alternatives of pattern) {
    const next = new Set<number>();
    for (const at of positions)
      for (const form of alternatives) if (text.startsWith(form, at)) next.add(at + form.length);
    if (next.size === 0) return [];
    positions = [...next];
  }
  return positions;
}

/** The positions of `text` where a run of the pattern's characters can start so as to end at `end`. */
function retreat(text: string, pattern: Forms[], end: number): number[] {
  let positions = [end];
  for (let i = pattern.length - 1; i >= 0; i -= 1) {
    const next = new Set<number>();
    for (const at of positions)
      for (const form of pattern[i] ?? [])
        if (at >= form.length && text.startsWith(form, at - form.length)) next.add(at - form.length);
    if (next.size === 0) return [];
    positions = [...next];
  }
  return positions;
}

/** A case-insensitive test of one kind (whole text, start or end) against a pattern string. */
export function ignoreCaseTest(
  pattern: string,
  kind: 'equals' | 'prefix' | 'suffix',
): (text: string) => boolean {
  const compiled = forms(pattern);
  if (kind === 'equals') return (text) => advance(text, compiled, [0]).includes(text.length);
  if (kind === 'prefix') return (text) => advance(text, compiled, [0]).length > 0;
  return (text) => retreat(text, compiled, text.length).length > 0;
}
