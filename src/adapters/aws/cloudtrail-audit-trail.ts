import {
  CloudTrailClient,
  type CloudTrailClientConfig,
  paginateLookupEvents,
} from '@aws-sdk/client-cloudtrail';
import { auditEventOf } from '../../domain/cloudtrail-record.js';
import type { AuditEvent, AuditLookup, AuditTrail } from '../../ports/audit-trail.js';
import { awsCall } from './errors.js';

type Json = Record<string, unknown>;

/** The AuditTrail port over CloudTrail LookupEvents (management events, the last 90 days, one region). */
export class CloudTrailAuditTrail implements AuditTrail {
  constructor(private readonly options: { client: CloudTrailClient; region: string }) {}

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
      const pages = paginateLookupEvents(
        { client: this.options.client, pageSize: 50 },
        { LookupAttributes: [attribute], StartTime: from, EndTime: to },
      );
      for await (const page of pages) {
        for (const event of page.Events ?? []) {
          if (events.length >= limit) {
            truncated = true;
            return;
          }
          events.push(auditEventOf(JSON.parse(event.CloudTrailEvent ?? '{}') as Json, this.options.region));
        }
      }
    });
    return { events: events.sort((a, b) => a.eventTime.localeCompare(b.eventTime)), truncated };
  }
}

/** CloudTrail's event history of one account in one region through a client of its own (loaded when first needed). */
export function cloudTrailAuditTrailWith(
  config: CloudTrailClientConfig,
  region: string,
): CloudTrailAuditTrail {
  return new CloudTrailAuditTrail({ client: new CloudTrailClient(config), region });
}
