import {
  CloudTrailClient,
  type CloudTrailClientConfig,
  LookupEventsCommand,
} from '@aws-sdk/client-cloudtrail';
import { auditEventOf } from '../../domain/cloudtrail-record.js';
import type { AuditEvent, AuditLookup, AuditTrail } from '../../ports/audit-trail.js';
import { awsCall } from './errors.js';
import { LookupPace, type Pace } from './lookup-pace.js';

type Json = Record<string, unknown>;

/**
 * The AuditTrail port over CloudTrail LookupEvents (management events, the last 90 days, one region), for one account:
 * its requests, pages and concurrent lookups alike, paced as CloudTrail answers them (LookupPace).
 */
export class CloudTrailAuditTrail implements AuditTrail {
  private readonly paced: LookupPace;

  constructor(private readonly options: { client: CloudTrailClient; region: string; pace?: Pace }) {
    this.paced = new LookupPace(options.pace);
  }

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
        await this.paced.turn();
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
