import type { DetectionRule } from '../detections/rules.js';
import { compilePattern, type EventPattern } from '../eventbus/pattern.js';

/** What the bus did with one event: the rules that matched it (each delivered once to the target). */
export interface Delivery {
  eventId: string;
  matchedRules: string[];
}

/**
 * The local twin of the EventBridge bus: the same pattern files as the deployed rules, each matching rule
 * delivering the event to its target (triage) once.
 */
export class LocalEventBus {
  private readonly rules: Array<{ name: string; pattern: EventPattern }>;

  constructor(
    rules: readonly DetectionRule[],
    private readonly target: (event: unknown) => Promise<unknown>,
  ) {
    this.rules = rules.map((rule) => ({ name: rule.name, pattern: compilePattern(rule.pattern) }));
  }

  /** The rules an event matches, without delivering it. */
  route(event: unknown): Delivery {
    const matchedRules = this.rules.filter((rule) => rule.pattern.matches(event)).map((rule) => rule.name);
    const eventId =
      typeof event === 'object' && event !== null && 'id' in event ? String(event.id) : '(no id)';
    return { eventId, matchedRules };
  }

  /** Routes one event and delivers it once per matching rule; resolves when every delivery has been handled. */
  async put(event: unknown): Promise<Delivery> {
    const delivery = this.route(event);
    for (const _ of delivery.matchedRules) await this.target(event);
    return delivery;
  }
}
