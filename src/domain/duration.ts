import * as z from 'zod';

const NUMBER = '(\\d+(?:\\.\\d+)?)';
const DURATION = new RegExp(`^(?:${NUMBER}h)?(?:${NUMBER}m)?(?:${NUMBER}s)?$`);
const MESSAGE = 'a duration such as 0s, 90s, 1.5s, 30m, 12h, 1.5h or 1h30m (whole milliseconds)';

/** A duration as playbooks and drills write it (`90s`, `30m`, `12h`, `1h30m`), kept as written. */
export const DurationTextSchema = z
  .string()
  .regex(DURATION, MESSAGE)
  .refine((s) => s !== '' && Number.isInteger(exactMs(s)), MESSAGE)
  .describe(
    'a duration: hours (h), minutes (m) and seconds (s), fractions allowed, e.g. 90s, 1.5s, 30m, 1h30m',
  );

/** Milliseconds in a duration's text, rounded only against binary floating point (`0.1h` is 360000). */
function exactMs(text: string): number {
  const match = DURATION.exec(text);
  if (!match || text === '') return Number.NaN;
  const [, h, m, s] = match;
  const ms = ((Number(h ?? 0) * 60 + Number(m ?? 0)) * 60 + Number(s ?? 0)) * 1000;
  const rounded = Math.round(ms);
  return Math.abs(ms - rounded) < 1e-6 ? rounded : ms;
}

/** Milliseconds in a duration as playbooks and drills write it. */
export function durationMs(text: string): number {
  const ms = exactMs(text);
  if (!Number.isInteger(ms)) throw new RangeError(`not ${MESSAGE}: ${text}`);
  return ms;
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
