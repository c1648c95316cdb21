import {
  CloudTrailClient,
  type CloudTrailClientConfig,
  LookupEventsCommand,
} from '@aws-sdk/client-cloudtrail';
import { auditEventOf } from '../../domain/cloudtrail-record.js';
import type { AuditEvent, AuditLookup, AuditTrail } from '../../ports/audit-trail.js';
import { awsCall } from './errors.js';

type Json = Record<string, unknown>;

/**
 * CloudTrail answers two LookupEvents a second per account and Region and throttles the rest: a request may start
 * once the one two before it started this long ago (a second, and 100 ms for requests that reach CloudTrail late), so
 * two lookups at once start together, as AWS allows, and a third waits. Pacing is by when a request is sent: one
 * delayed more on the way may still be throttled, and the SDK then sends it again.
 */
export const LOOKUP_WINDOW_MS = 1100;

/** A clock (monotonic: a wall clock set back would stall every lookup) and a wait: the real ones, or a test's. */
export interface Pace {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const REAL_PACE: Pace = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * The AuditTrail port over CloudTrail LookupEvents (management events, the last 90 days, one region), for one account:
 * its requests, pages and concurrent lookups alike, at most two in any LOOKUP_WINDOW_MS.
 */
export class CloudTrailAuditTrail implements AuditTrail {
  /** When the latest two requests started (or will, once their turn comes). */
  private readonly starts: number[] = [];

  constructor(private readonly options: { client: CloudTrailClient; region: string; pace?: Pace }) {}

  async eventsByAccessKey(accessKeyId: string, from: Date, to: Date, limit: number): Promise<AuditLookup> {
    return this.lookup({ AttributeKey: 'AccessKeyId', AttributeValue: accessKeyId }, from, to, limit);
  }

  async eventsByResource(resourceName: string, from: Date, to: Date, limit: number): Promise<AuditLookup> {
    return this.lookup({ AttributeKey: 'ResourceName', AttributeValue: resourceName }, from, to, limit);
  }

  async eventsByName(eventName: string, from: Date, to: Date, limit: number): Promise<AuditLookup> {
    return this.lookup({ AttributeKey: 'EventName', AttributeValue: eventName }, from, to, limit);
  }

  async eventsByUser(userName: string, from: Date, to: Date, limit: number): Promise<AuditLookup> {
    return this.lookup({ AttributeKey: 'Username', AttributeValue: userName }, from, to, limit);
  }

  private async lookup(
    attribute: {
      AttributeKey: 'AccessKeyId' | 'ResourceName' | 'EventName' | 'Username';
      AttributeValue: string;
    },
    from: Date,
    to: Date,
    limit: number,
  ): Promise<AuditLookup> {
    const events: AuditEvent[] = [];
    let truncated = false;
    await awsCall('cloudtrail:LookupEvents', async () => {
      let token: string | undefined;
      do {
        await this.turn();
        const page = await this.options.client.send(
          new LookupEventsCommand({
            LookupAttributes: [attribute],
            StartTime: from,
            EndTime: to,
            MaxResults: 50,
            ...(token ? { NextToken: token } : {}),
          }),
        );
        for (const event of page.Events ?? []) {
          if (events.length >= limit) {
            truncated = true;
            return;
          }
          events.push(auditEventOf(JSON.parse(event.CloudTrailEvent ?? '{}') as Json, this.options.region));
        }
        token = page.NextToken;
      } while (token);
    });
    return { events: events.sort((a, b) => a.eventTime.localeCompare(b.eventTime)), truncated };
  }

  /** Waits for the next request's turn (taken at once, so concurrent lookups queue in the order they asked). */
  private async turn(): Promise<void> {
    const pace = this.options.pace ?? REAL_PACE;
    const now = pace.now();
    const twoBefore = this.starts.length < 2 ? Number.NEGATIVE_INFINITY : (this.starts[0] as number);
    const at = Math.max(now, twoBefore + LOOKUP_WINDOW_MS);
    this.starts.push(at);
    if (this.starts.length > 2) this.starts.shift();
    if (at > now) await pace.sleep(at - now);
  }
}

/**
 * How many times the SDK sends a LookupEvents request before failing. Concurrent functions (triage instances on the
 * same key's findings, the action's searches) share an account's two a second and are paced apart by no one: with
 * the SDK's default three attempts a twin scenario's triage failed on throttling. Five wait out such contention (a
 * throttled request's backoff is at most 1, 2, 4 and 8 s, about 8 s in the median when each attempt is throttled):
 * within triage's 30 s for its parallel searches.
 */
export const LOOKUP_ATTEMPTS = 5;

/**
 * CloudTrail's event history of one account in one region through a client of its own (loaded when first needed):
 * one per account and region in a function's execution environment (its requests paced together).
 */
export function cloudTrailAuditTrailWith(
  config: CloudTrailClientConfig,
  region: string,
): CloudTrailAuditTrail {
  return new CloudTrailAuditTrail({
    client: new CloudTrailClient({ maxAttempts: LOOKUP_ATTEMPTS, ...config }),
    region,
  });
}
