import { z } from 'zod';

const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** A drill duration such as `90s`, `4m`, `1h30m`, `0s`, parsed to milliseconds. */
export const DurationSchema = z
  .string()
  .regex(DURATION, 'a duration like 0s, 90s, 4m or 1h30m')
  .refine((s) => s !== '', 'a duration like 0s, 90s, 4m or 1h30m')
  .transform((s) => {
    const [, h, m, sec] = DURATION.exec(s) ?? [];
    return ((Number(h ?? 0) * 60 + Number(m ?? 0)) * 60 + Number(sec ?? 0)) * 1000;
  });

/** Formats milliseconds as `+1h02m03s`, `+4m00s`, `+20s`. */
export function formatOffset(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `+${h}h${String(m).padStart(2, '0')}m${String(s).padStart(2, '0')}s`;
  if (m > 0) return `+${m}m${String(s).padStart(2, '0')}s`;
  return `+${s}s`;
}
