/** Milliseconds later than an ISO time, in the same form; the time as given when it is not one. */
function later(time: unknown, ms: number): unknown {
  const at = typeof time === 'string' ? Date.parse(time) : Number.NaN;
  return Number.isNaN(at) ? time : new Date(at + ms).toISOString();
}

/**
 * The n-th re-publication of an event, `every` ms apart: a new envelope id and time. GuardDuty re-publishes a
 * finding it updates under the same finding id, its `service.count` grown by the occurrences it aggregated and its
 * `updatedAt` and `service.eventLastSeen` moved on (every 6 hours by default, at most every 15 minutes).
 */
export function republication(
  event: Record<string, unknown>,
  n: number,
  every: number,
): Record<string, unknown> {
  const ms = n * every;
  const envelope = { ...event, id: `${String(event.id)}-p${n}`, time: later(event.time, ms) };
  const detail = event.detail as Record<string, unknown> | undefined;
  if (n === 0 || event.source !== 'aws.guardduty' || !detail || typeof detail !== 'object') return envelope;
  const service = (detail.service ?? {}) as Record<string, unknown>;
  const count = typeof service.count === 'number' ? service.count : 1;
  return {
    ...envelope,
    detail: {
      ...detail,
      updatedAt: later(detail.updatedAt, ms),
      service: { ...service, count: count + n, eventLastSeen: later(service.eventLastSeen, ms) },
    },
  };
}
