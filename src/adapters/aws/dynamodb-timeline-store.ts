import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  PutCommand,
  paginateQuery,
  paginateScan,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { RekeyError } from '../../domain/errors.js';
import {
  chainEntry,
  type TimelineDraft,
  TimelineDraftSchema,
  type TimelineEntry,
  type TimelineHead,
  type TimelineWriter,
} from '../../domain/timeline.js';
import { isAuthentic } from '../../domain/timeline-writers.js';
import type { TimelineAnchor } from '../../ports/timeline-anchor.js';
import type { TimelineSeal } from '../../ports/timeline-seal.js';
import type { TimelineStore } from '../../ports/timeline-store.js';
import { awsCall } from './errors.js';

/** Whether a write lost the race for its sequence numbers (a conditional put, or one in a transaction). */
const conflicting = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed'));

/** Enough for a dozen writers racing on one incident (parallel branches, notices, clicks), with jittered waits. */
const MAX_ATTEMPTS = 25;

/**
 * Timelines in DynamoDB: partition `incidentId`, sort key `seq`. Each append reads the head and writes the next
 * sequence number with `attribute_not_exists`, so concurrent writers never fork the chain: the loser re-reads
 * and links to the winner. Every entry is sealed with this function's own key and every new head anchored.
 */
export class DynamoDbTimelineStore implements TimelineStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly seal: TimelineSeal;
  private readonly anchor: TimelineAnchor;
  /** Heads being anchored: off the path of the next write, awaited by `flush`. */
  private anchoring: Promise<unknown> = Promise.resolve();

  constructor(options: {
    client: DynamoDBDocumentClient;
    table: string;
    seal: TimelineSeal;
    anchor: TimelineAnchor;
  }) {
    this.client = options.client;
    this.table = options.table;
    this.seal = options.seal;
    this.anchor = options.anchor;
  }

  private async head(incidentId: string): Promise<TimelineEntry | undefined> {
    const out = await awsCall('dynamodb:Query', () =>
      this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'incidentId = :id',
          ExpressionAttributeValues: { ':id': incidentId },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      ),
    );
    return out.Items?.[0] as TimelineEntry | undefined;
  }

  async append(incidentId: string, draft: TimelineDraft): Promise<TimelineEntry> {
    const [entry] = await this.appendAll(incidentId, [draft]);
    return entry as TimelineEntry;
  }

  /** One entry is a conditional PutItem; several, one TransactWriteItems of conditional puts (all or none). */
  async appendAll(incidentId: string, drafts: TimelineDraft[]): Promise<TimelineEntry[]> {
    const parsed = drafts.map((d) => TimelineDraftSchema.parse(d));
    if (parsed.length === 0) return [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      let last = await this.head(incidentId);
      const chained = parsed.map((draft) => {
        last = chainEntry(incidentId, last, draft, this.seal.writer);
        return last;
      });
      const entries = await Promise.all(
        chained.map(async (e) => ({ ...e, seal: await this.seal.seal(e.hash) })),
      );
      const put = (entry: TimelineEntry) => ({
        TableName: this.table,
        Item: entry,
        ConditionExpression: 'attribute_not_exists(seq)',
      });
      try {
        if (entries.length === 1) await this.client.send(new PutCommand(put(entries[0] as TimelineEntry)));
        else
          await this.client.send(
            new TransactWriteCommand({ TransactItems: entries.map((e) => ({ Put: put(e) })) }),
          );
        const head = entries.at(-1) as TimelineEntry;
        this.anchoring = Promise.all([
          this.anchoring,
          this.anchor.record(incidentId, { count: head.seq, hash: head.hash }),
        ]);
        // A failure is reported by `flush`, not as an unhandled rejection.
        this.anchoring.catch(() => undefined);
        return entries;
      } catch (error) {
        if (!conflicting(error)) throw error;
        // Another writer took this sequence number: wait a little (full jitter), re-read the head, link to it.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 10 * attempt)));
      }
    }
    throw new RekeyError(
      `could not append to the timeline of ${incidentId} after ${MAX_ATTEMPTS} conflicting writes`,
    );
  }

  async list(incidentId: string): Promise<TimelineEntry[]> {
    const entries: TimelineEntry[] = [];
    await awsCall('dynamodb:Query', async () => {
      const pages = paginateQuery(
        { client: this.client },
        {
          TableName: this.table,
          KeyConditionExpression: 'incidentId = :id',
          ExpressionAttributeValues: { ':id': incidentId },
          ConsistentRead: true,
        },
      );
      for await (const page of pages) entries.push(...((page.Items ?? []) as TimelineEntry[]));
    });
    return entries;
  }

  async flush(): Promise<void> {
    const pending = this.anchoring;
    this.anchoring = Promise.resolve();
    await pending;
  }

  authentic(entry: TimelineEntry): Promise<boolean> {
    return isAuthentic(entry, (writer, hash, seal) => this.seal.verify(writer, hash, seal));
  }

  sealsAs(): TimelineWriter {
    return this.seal.writer;
  }

  anchoredHeads(incidentId: string): Promise<TimelineHead[]> {
    return this.anchor.heads(incidentId);
  }

  /** Every incident with a timeline: a scan for the first entries (a CLI's question, never a handler's). */
  async incidents(): Promise<string[]> {
    const ids: string[] = [];
    await awsCall('dynamodb:Scan', async () => {
      for await (const page of paginateScan(
        { client: this.client },
        {
          TableName: this.table,
          FilterExpression: 'seq = :first',
          ExpressionAttributeValues: { ':first': 1 },
          ProjectionExpression: 'incidentId',
        },
      ))
        ids.push(...(page.Items ?? []).map((i) => String(i.incidentId)));
    });
    return ids.sort();
  }
}
