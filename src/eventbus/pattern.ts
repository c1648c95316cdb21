import { RuleSet } from './rule-set.js';

/** A compiled EventBridge event pattern. */
export interface EventPattern {
  /** Whether the event (a parsed object, or JSON text) matches. */
  matches(event: unknown): boolean;
}

/**
 * Compiles an EventBridge pattern with the full content-filtering syntax; throws InvalidPatternError with the
 * reason EventBridge would refuse it for. Takes the pattern as JSON text or as a parsed value.
 */
export function compilePattern(pattern: unknown): EventPattern {
  const rules = new RuleSet([{ name: 'pattern', pattern }]);
  return { matches: (event) => rules.matching(event).length > 0 };
}

/** Whether `eventJson` matches `patternJson`, as `aws events test-event-pattern` answers; throws InvalidPatternError. */
export function matchesEventPattern(patternJson: string, eventJson: string): boolean {
  const pattern = compilePattern(patternJson);
  return pattern.matches(eventJson);
}
