import { regexes } from 'zod/v4/core';
import type { EventEnvelope } from './envelope.js';

const ACCOUNT = /^\d{12}$/;
/** The very pattern `z.iso.datetime({ offset: true })` checks (zod builds it so), not a copy of it. */
export const DATETIME = regexes.datetime({ offset: true });
const SHAPE = new Set([
  'version',
  'id',
  'detail-type',
  'source',
  'account',
  'time',
  'region',
  'resources',
  'detail',
]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What EventEnvelopeSchema.safeParse gives for an event it accepts, read by hand (zod costs more than the rest of
 * the envelope's reading on triage's hot path); undefined for an event it refuses, which zod then reads to say why.
 * The same value as zod's: its fields in the schema's order, then the others as `for...in` meets them (but
 * `__proto__`), resources copied, the detail itself.
 */
export function acceptedEnvelope(event: unknown): EventEnvelope | undefined {
  if (!isObject(event)) return undefined;
  const { version, id, source, account, time, region, resources, detail } = event;
  const detailType = event['detail-type'];
  if (
    typeof version !== 'string' ||
    typeof id !== 'string' ||
    id.length < 1 ||
    typeof detailType !== 'string' ||
    typeof source !== 'string' ||
    typeof account !== 'string' ||
    !ACCOUNT.test(account) ||
    typeof time !== 'string' ||
    !DATETIME.test(time) ||
    typeof region !== 'string' ||
    !Array.isArray(resources) ||
    !isObject(detail)
  )
    return undefined;
  const copied: string[] = [];
  for (let i = 0; i < resources.length; i += 1) {
    const resource: unknown = resources[i];
    if (typeof resource !== 'string') return undefined;
    copied.push(resource);
  }
  const envelope: Record<string, unknown> = {
    version,
    id,
    'detail-type': detailType,
    source,
    account,
    time,
    region,
    resources: copied,
    detail,
  };
  for (const key in event) if (!SHAPE.has(key) && key !== '__proto__') envelope[key] = event[key];
  return envelope as EventEnvelope;
}
