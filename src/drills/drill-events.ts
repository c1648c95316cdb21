import type { CallVerdict } from '../adapters/sandbox/request-simulator.js';
import type { TimelineEntry } from '../domain/timeline.js';
import type { Notice } from '../ports/notifier.js';

/** What a running drill reports, in order, for the terminal to show as it unfolds. */
export type DrillEvent =
  | { kind: 'delivered'; at: Date; eventId: string; source: string; matchedRules: string[]; note?: string }
  | { kind: 'ignored'; at: Date; subject: string; reason: string }
  | { kind: 'rejected'; at: Date; reason: string }
  | { kind: 'timeline'; at: Date; entry: TimelineEntry }
  | { kind: 'notice'; at: Date; notice: Notice }
  | {
      kind: 'attacker';
      at: Date;
      /** Who made the call, when not the attacker. */
      by?: string;
      accessKeyId: string;
      action: string;
      verdict: CallVerdict;
      expected: string;
      asExpected: boolean;
    };
