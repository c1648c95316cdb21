import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Clock, systemClock } from '../../domain/clock.js';
import type { TimelineWriter } from '../../domain/timeline.js';
import type { Notifier } from '../../ports/notifier.js';
import type { TimelineStore } from '../../ports/timeline-store.js';
import { type EnvironmentName, readEnvironment } from './config.js';
import { deployedNotifier } from './slack-wiring.js';
import { deployedTimeline, documentClient } from './wiring.js';

/** The variables every function that writes the timeline and tells Slack reads. */
const TIMELINE_AND_SLACK = [
  'REKEY_TIMELINE_TABLE',
  'REKEY_TIMELINE_KEYS',
  'REKEY_ANCHOR_BUCKET',
  'REKEY_APPROVALS_TABLE',
  'REKEY_SLACK_SECRET_ID',
  'REKEY_SLACK_CHANNEL',
  'SLACK_API_URL',
] as const satisfies readonly EnvironmentName[];

/** What a notifying function's handler is built from: its environment, the timeline it writes, Slack, the clock. */
export interface NotifyingWiring<K extends EnvironmentName> {
  env: ReturnType<typeof readEnvironment<K | (typeof TIMELINE_AND_SLACK)[number]>>;
  documents: DynamoDBDocumentClient;
  timeline: TimelineStore;
  notifier: Notifier;
  clock: Clock;
}

/**
 * The entry point of a deployed function that writes the timeline as `writer` and tells Slack: its environment is
 * read at start-up (a missing variable fails the cold start, by name), and its handler is built once, when the Slack
 * secret has been read (once per cold start); every invocation waits for it.
 */
export function notifyingFunction<K extends EnvironmentName, R>(
  writer: TimelineWriter,
  names: readonly K[],
  build: (wiring: NotifyingWiring<K>) => (payload: unknown) => Promise<R>,
  source: Record<string, string | undefined> = process.env,
): (payload: unknown) => Promise<R> {
  const env = readEnvironment([...TIMELINE_AND_SLACK, ...names], source);
  const documents = documentClient();
  const ready = deployedNotifier(env).then((notifier) =>
    build({
      env,
      documents,
      timeline: deployedTimeline(env, writer, documents),
      notifier,
      clock: systemClock,
    }),
  );
  return async (payload) => (await ready)(payload);
}
