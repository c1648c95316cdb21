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

/** An ISO time from an RFC 1123 or ISO string, or the fallback when it cannot be read. */
export function isoTime(value: string | undefined, fallback: string): string {
  const parsed = value === undefined ? Number.NaN : Date.parse(value);
  return Number.isNaN(parsed) ? fallback : isoString(parsed);
}

/** IAM wildcard match (`*`, `?`), for allowlists. */
export { iamGlob } from '../domain/protection.js';
