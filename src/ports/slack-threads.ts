/** An incident's Slack thread: its root message and what that message shows, versioned for conditional writes. */
export interface SlackThread {
  incidentId: string;
  channel: string;
  /** The root message's timestamp (its id in the channel; replies thread under it). */
  ts: string;
  drill: boolean;
  /** The incident's headline lines (what was exposed, who holds it, how it was found). */
  headline: string[];
  status: string;
  done: string[];
  /** Steps waiting for a responder. */
  pending: string[];
  /** Replies later notices replace in place, by key (`approval:<step>`) → their timestamp. */
  messages: Record<string, string>;
  version: number;
}

/** Where the notifier keeps each incident's thread, shared by every notify invocation. */
export interface SlackThreadStore {
  get(incidentId: string): Promise<SlackThread | undefined>;
  /** Writes the thread if its stored version is still `thread.version - 1` (absent for version 1); false if not. */
  put(thread: SlackThread): Promise<boolean>;
}
