import { z } from 'zod';

const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const MESSAGE = 'a duration such as 0s, 90s, 30m, 12h or 1h30m';

/** A duration as playbooks and drills write it (`90s`, `30m`, `12h`, `1h30m`), kept as written. */
export const DurationTextSchema = z
  .string()
  .regex(DURATION, MESSAGE)
  .refine((s) => s !== '', MESSAGE)
  .describe('a duration: hours (h), minutes (m) and seconds (s), e.g. 90s, 30m, 1h30m');

/** Milliseconds in a duration as playbooks and drills write it. */
export function durationMs(text: string): number {
  const match = DURATION.exec(text);
  if (!match || text === '') throw new RangeError(`not ${MESSAGE}: ${text}`);
  const [, h, m, s] = match;
  return ((Number(h ?? 0) * 60 + Number(m ?? 0)) * 60 + Number(s ?? 0)) * 1000;
}

/** A duration, parsed to milliseconds. */
export const DurationSchema = DurationTextSchema.transform(durationMs);

/** Formats milliseconds as an offset: `+1h02m03s`, `+4m00s`, `+20s`. */
export function formatOffset(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `+${h}h${String(m).padStart(2, '0')}m${String(s).padStart(2, '0')}s`;
  if (m > 0) return `+${m}m${String(s).padStart(2, '0')}s`;
  return `+${s}s`;
}
