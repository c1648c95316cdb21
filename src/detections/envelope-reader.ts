import type { EventEnvelope } from './envelope.js';

const ACCOUNT = /^\d{12}$/;
/** zod's `z.iso.datetime({ offset: true })`, as it is written in zod 4: a calendar date, a time, Z or an offset. */
export const DATETIME =
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|([+-](?:[01]\d|2[0-3]):[0-5]\d)))$/;
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
