import type { AuditEvent } from '../domain/cloudtrail-record.js';

export type { AuditEvent };

/** What a bounded lookup found, oldest first. */
export interface AuditLookup {
  events: AuditEvent[];
  /** More events matched than the limit: CloudTrail answers newest first, so the oldest ones were not read. */
  truncated: boolean;
}

/** CloudTrail event history as Rekey reads it: bounded lookups, one region at a time. */
export interface AuditTrail {
  /** Events signed with the access key, between `from` and `to`, the newest `limit` of them. */
  eventsByAccessKey(accessKeyId: string, from: Date, to: Date, limit: number): Promise<AuditLookup>;
  /** Events about a resource (a role's ARN: the AssumeRole calls on it), between `from` and `to`, the newest `limit`. */
  eventsByResource(resourceName: string, from: Date, to: Date, limit: number): Promise<AuditLookup>;
  /** Calls of one API (GetSessionToken, GetFederationToken, ...), between `from` and `to`, the newest `limit`. */
  eventsByName(eventName: string, from: Date, to: Date, limit: number): Promise<AuditLookup>;
  /**
   * Events of one user name as CloudTrail's event history names it (an IAM user's name; a role session's name, as
   * for an Identity Center user's sessions), between `from` and `to`, the newest `limit`.
   */
  eventsByUser(userName: string, from: Date, to: Date, limit: number): Promise<AuditLookup>;
}

/** Gives the AuditTrail of an account and region. */
export type AuditTrailProvider = (accountId: string, region: string) => AuditTrail;
