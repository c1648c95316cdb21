import type { SandboxAccount } from '../adapters/sandbox/sandbox-account.js';
import { auditEventOf } from '../domain/cloudtrail-record.js';

/**
 * Puts a drill event that is a CloudTrail record (`AWS API Call via CloudTrail`) into the event history of the
 * account that recorded it, as CloudTrail does whether or not EventBridge delivers it: LookupEvents then shows it
 * once the account's CloudTrail delay has passed. A re-delivery of the same record is not recorded twice.
 */
export function recordInHistory(event: Record<string, unknown>, accounts: readonly SandboxAccount[]): void {
  if (event['detail-type'] !== 'AWS API Call via CloudTrail') return;
  const detail = event.detail as Record<string, unknown> | undefined;
  if (!detail || typeof detail.eventID !== 'string') return;
  const accountId = String(detail.recipientAccountId ?? event.account ?? '');
  const account = accounts.find((a) => a.id === accountId);
  if (!account || account.auditEvents.some((e) => e.eventId === detail.eventID)) return;
  account.auditEvents.push(auditEventOf(detail, String(event.region ?? account.region)));
}
