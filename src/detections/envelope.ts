import * as z from 'zod';
import type { Detection } from '../domain/detection.js';
import { isoString } from './iso-string.js';

/** The EventBridge envelope every event arrives in. */
export const EventEnvelopeSchema = z.looseObject({
  version: z.string(),
  id: z.string().min(1),
  'detail-type': z.string(),
  source: z.string(),
  account: z.string().regex(/^\d{12}$/, 'a 12-digit account id'),
  time: z.iso.datetime({ offset: true }),
  region: z.string(),
  resources: z.array(z.string()),
  // Checked as an object, not copied key by key: each normaliser reads the detail with its own schema.
  detail: z.custom<Record<string, unknown>>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    'expected an object',
  ),
});

/** An EventBridge event as delivered to a rule target. */
export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;

/** Something a source mentions but Rekey does not act on, and why. */
export interface IgnoredSignal {
  subject: string;
  reason: string;
}

/** What one event says: the credentials it reports exposed, and what it mentions that Rekey will not act on. */
export interface Normalised {
  detections: Detection[];
  ignored: IgnoredSignal[];
}

/** Settings that change what the normalisers report. */
export interface NormaliseSettings {
  /** Principal ARNs (IAM wildcards allowed) expected to read secrets; without a list, secret reads are not detections. */
  secretReadAllowlist?: readonly string[];
}

/** GuardDuty's placeholder for values it will not show; never a principal. */
export const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/** A value, unless it is missing, empty or GuardDuty's placeholder. */
export function shown(value: string | undefined | null): string | undefined {
  return value && value !== HIDDEN ? value : undefined;
}

/** A UTC time as AWS writes most (`2026-01-01T00:00:00Z`, or with milliseconds), no other form. */
const CANONICAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{3})?Z$/;

const number = (text: string, at: number, length: number) => {
  let n = 0;
  for (let i = at; i < at + length; i += 1) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
};

/** Whether a CANONICAL time names a real instant as written (Date.parse rolls 30 February over to March). */
function inRange(value: string): boolean {
  const year = number(value, 0, 4);
  const month = number(value, 5, 2);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  const day = number(value, 8, 2);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= days &&
    number(value, 11, 2) <= 23 &&
    number(value, 14, 2) <= 59 &&
    number(value, 17, 2) <= 59
  );
}

/** An ISO time from an RFC 1123 or ISO string, or the fallback when it cannot be read. */
export function isoTime(value: string | undefined, fallback: string): string {
  // Every event has one: the usual form is its own ISO time, without building a Date to print it again.
  if (value !== undefined && CANONICAL.test(value) && inRange(value))
    return value.length === 24 ? value : `${value.slice(0, 19)}.000Z`;
  const parsed = value === undefined ? Number.NaN : Date.parse(value);
  return Number.isNaN(parsed) ? fallback : isoString(parsed);
}

/** IAM wildcard match (`*`, `?`), for allowlists. */
export { iamGlob } from '../domain/protection.js';
