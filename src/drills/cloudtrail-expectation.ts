import type { DrillWorld, ExpectationResult } from './drill-world.js';
import type { Expectation } from './expectation-schema.js';

type Of<K extends string> = Extract<Expectation, Record<K, unknown>>;

/**
 * The account's CloudTrail holds a record of the call, as AWS writes it whoever made it (Rekey's own calls too):
 * failed with the error code, or successful when none is given, and by a caller whose ARN holds `by`.
 */
export function cloudTrailHolds(e: Of<'cloudtrail'>, world: DrillWorld): ExpectationResult {
  const accounts = [world.sandbox, ...(world.members ?? [])];
  const account = e.account ? accounts.find((a) => a.id === e.account) : world.sandbox;
  const label = `CloudTrail of ${account?.id ?? e.account} records ${e.cloudtrail}${e.errorCode ? ` failing with ${e.errorCode}` : ' succeeding'}${e.by ? ` by ${e.by}` : ''}`;
  if (!account) return { label, passed: false, found: `the drill has no account ${e.account}` };
  const named = account.auditEvents.filter((r) => r.eventName === e.cloudtrail);
  const passed = named.some(
    (r) => r.errorCode === e.errorCode && (e.by === undefined || (r.principalArn ?? '').includes(e.by)),
  );
  const found = named.map(
    (r) => `${r.errorCode ?? 'Success'} by ${r.principalArn ?? r.principalAccountId ?? '?'}`,
  );
  return { label, passed, found: [...new Set(found)].join('; ') || `no ${e.cloudtrail} record` };
}
