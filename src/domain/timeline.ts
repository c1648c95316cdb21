import { hash as digestOf } from 'node:crypto';
import * as z from 'zod';

/** The kinds of timeline entries; the review is rendered from these alone. */
export const TIMELINE_ENTRY_TYPES = [
  'incident-opened',
  'signal-joined',
  'step-started',
  'step-succeeded',
  'step-failed',
  'step-simulated',
  'step-repeated',
  'step-rolled-back',
  'rollback-failed',
  'approval-requested',
  'approval-decided',
  'approval-click-rejected',
  'approval-timed-out',
  'notification-sent',
  'notification-failed',
  'escalated',
  'verification',
  'incident-closed',
] as const;

/** The kind of a timeline entry. */
export type TimelineEntryType = (typeof TIMELINE_ENTRY_TYPES)[number];

/** Who writes timeline entries: each Lambda function (each its own role and key), and a local operator. */
export const TIMELINE_WRITERS = [
  'triage',
  'action',
  'approval',
  'slack',
  'notify',
  'review',
  'operator',
] as const;

/** A writer of timeline entries. */
export type TimelineWriter = (typeof TIMELINE_WRITERS)[number];

/** What a handler asks to append; the store assigns the sequence number and the hashes. */
export const TimelineDraftSchema = z.object({
  type: z.enum(TIMELINE_ENTRY_TYPES),
  at: z.iso.datetime({ offset: true }),
  /** Who did it: `rekey:<handler>`, `slack:<user id>`, `aws.guardduty`, ... */
  actor: z.string(),
  summary: z.string(),
  /** The step this entry is about, when it is about one. */
  step: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

/** What a handler asks to append. */
export type TimelineDraft = z.infer<typeof TimelineDraftSchema>;

/**
 * One entry of an incident's append-only, hash-chained timeline. The hash covers the entry and its writer; the
 * seal is the writer's MAC over the hash, made with a key only that writer can use.
 */
export const TimelineEntrySchema = TimelineDraftSchema.extend({
  incidentId: z.string(),
  seq: z.number().int().positive(),
  prevHash: z.string(),
  writer: z.enum(TIMELINE_WRITERS),
  hash: z.string(),
  seal: z.string().optional(),
});

/** One entry of an incident's timeline. */
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

/** The hash that precedes the first entry of every timeline. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  // Built as one string, not from arrays of pairs: every entry written is hashed through here.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) out += ',';
      // As Array.prototype.join writes an element JSON has no text for: nothing.
      out += canonicalJson(value[i]) ?? '';
    }
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  // The default sort compares UTF-16 code units, as `<` does.
  const keys = Object.keys(object).sort();
  let out = '{';
  for (const key of keys) {
    const inner = object[key];
    if (inner === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${canonicalJson(inner)}`;
  }
  return `${out}}`;
}

/** Links a draft, as written by `writer`, to the entry before it (or to the genesis hash) and hashes it. */
export function chainEntry(
  incidentId: string,
  previous: TimelineEntry | undefined,
  draft: TimelineDraft,
  writer: TimelineWriter,
): TimelineEntry {
  const body = {
    ...draft,
    incidentId,
    seq: (previous?.seq ?? 0) + 1,
    prevHash: previous?.hash ?? GENESIS_HASH,
    writer,
  };
  return { ...body, hash: hashOf(body) };
}

/** The hash of an entry's body (everything but its hash and seal). */
function hashOf(body: Record<string, unknown>): string {
  return digestOf('sha256', canonicalJson(body), 'hex');
}

/** The head of a timeline, as anchored outside its store: how many entries, and the last one's hash. */
export interface TimelineHead {
  count: number;
  hash: string;
}

/** Whether an entry's hash is the hash of its content (a seal vouches for the hash, so the content must match it). */
export function hashIntact(entry: TimelineEntry): boolean {
  const { hash, seal: _seal, ...body } = entry;
  try {
    return hashOf(body) === hash;
  } catch {
    // Content no writer could have written (a number too large for JSON, read back as a bigint): it matches nothing.
    return false;
  }
}

/** A break found in a timeline's chain, naming the entry where it shows. */
export interface ChainBreak {
  seq: number;
  problem: string;
}

/** Checks sequence numbers, links and hashes; an empty list means the chain is intact. */
export function verifyChain(entries: readonly TimelineEntry[]): ChainBreak[] {
  const breaks: ChainBreak[] = [];
  let previous: TimelineEntry | undefined;
  for (const entry of entries) {
    const expectedSeq = (previous?.seq ?? 0) + 1;
    if (entry.seq !== expectedSeq)
      breaks.push({ seq: entry.seq, problem: `expected entry ${expectedSeq} here` });
    if (entry.prevHash !== (previous?.hash ?? GENESIS_HASH))
      breaks.push({ seq: entry.seq, problem: 'does not link to the entry before it' });
    if (!hashIntact(entry)) breaks.push({ seq: entry.seq, problem: 'content does not match its hash' });
    previous = entry;
  }
  return breaks;
}
