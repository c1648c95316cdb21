import { type Alternative, compileAlternatives } from './compile.js';
import { InvalidPatternError } from './errors.js';
import { type FlatEvent, flattenEvent } from './flatten.js';
import { fromPlain, type JsonValue, parseJsonText } from './json-text.js';
import { matchesAlternative } from './match.js';

/** A compiled EventBridge event pattern. */
export interface EventPattern {
  /** Whether the event (a parsed object, or JSON text) matches. */
  matches(event: unknown): boolean;
  /** Whether an already flattened event matches (flatten once, match many rules). */
  matchesFlat(flat: FlatEvent): boolean;
}

/** Flattens an event for matching against several patterns. */
export function flatten(event: unknown): FlatEvent {
  return flattenEvent(typeof event === 'string' ? parseJsonText(event) : fromPlain(event));
}

function build(alternatives: Alternative[]): EventPattern {
  const matchesFlat = (flat: FlatEvent) =>
    alternatives.some((alternative) => matchesAlternative(alternative, flat));
  return { matchesFlat, matches: (event) => matchesFlat(flatten(event)) };
}

/**
 * Compiles an EventBridge pattern with the full content-filtering syntax; throws InvalidPatternError with the
 * reason EventBridge would refuse it for. Takes the pattern as JSON text or as a parsed value.
 */
export function compilePattern(pattern: unknown): EventPattern {
  let parsed: JsonValue;
  if (typeof pattern === 'string') {
    try {
      parsed = parseJsonText(pattern);
    } catch (error) {
      throw new InvalidPatternError(`the pattern is not valid JSON: ${(error as Error).message}`);
    }
  } else {
    parsed = fromPlain(pattern);
  }
  return build(compileAlternatives(parsed));
}

/** Whether `eventJson` matches `patternJson`, as `aws events test-event-pattern` answers; throws InvalidPatternError. */
export function matchesEventPattern(patternJson: string, eventJson: string): boolean {
  const pattern = compilePattern(patternJson);
  return pattern.matches(eventJson);
}
