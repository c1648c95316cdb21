import type { DetectionRule } from '../detections/rules.js';
import { RuleSet } from '../eventbus/rule-set.js';

/** What the bus did with one event: the rules that matched it (each delivered once to the target). */
export interface Delivery {
  eventId: string;
  matchedRules: string[];
}

/**
 * The local twin of the EventBridge bus: the same pattern files as the deployed rules (compiled into one rule
 * set), each matching rule delivering the event to its target (triage) once.
 */
export class LocalEventBus {
  private readonly rules: RuleSet;

  constructor(
    rules: readonly DetectionRule[],
    private readonly target: (event: unknown) => Promise<unknown>,
  ) {
    this.rules = new RuleSet(rules);
  }

  /** The rules an event matches, without delivering it. */
  route(event: unknown): Delivery {
    const matchedRules = this.rules.matching(event);
    const eventId =
      typeof event === 'object' && event !== null && 'id' in event ? String(event.id) : '(no id)';
    return { eventId, matchedRules };
  }

  /** Whether some rule could match an event whose value at each known path is that one string (see RuleSet). */
  couldMatch(known: ReadonlyMap<string, string>): boolean {
    return this.rules.couldMatch(known);
  }

  /** Routes one event and delivers it once per matching rule; resolves when every delivery has been handled. */
  async put(event: unknown): Promise<Delivery> {
    const delivery = this.route(event);
    for (const _ of delivery.matchedRules) await this.target(event);
    return delivery;
  }
}
