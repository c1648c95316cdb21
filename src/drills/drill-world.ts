import type { SandboxAccount } from '../adapters/sandbox/sandbox-account.js';
import type { ReadinessReport } from '../app/readiness/readiness.js';
import type { Incident } from '../domain/incident.js';
import type { TimelineEntry } from '../domain/timeline.js';
import type { Notice } from '../ports/notifier.js';

/** The end state a drill's expectations are checked against. */
export interface DrillWorld {
  sandbox: SandboxAccount;
  /** The drill's other accounts of the organisation. */
  members?: readonly SandboxAccount[];
  incidents: Incident[];
  timelines: Map<string, TimelineEntry[]>;
  /** The timelines' entries no allowed writer sealed (a review believes none of them). */
  unsealed?: ReadonlySet<TimelineEntry>;
  reviews: Map<string, string>;
  deadLetters: number;
  /** How many playbook executions were started. */
  playbookRuns: number;
  /** Why triage reported signals and contained nothing (protected holders), one reason per signal. */
  reported?: string[];
  /** Why triage ignored signals (not an exposure, a sample, a refused report), one reason per signal. */
  ignored?: string[];
  /** What the responders were told, in order. */
  notices?: readonly Notice[];
  /** The readiness of the account as the drill started (assessed when an expectation asks for it). */
  readiness?: ReadinessReport;
}

/** One expectation's verdict, with a label that names it and what was found. */
export interface ExpectationResult {
  label: string;
  passed: boolean;
  found: string;
}

/** `1 incident`, `2 incidents`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
