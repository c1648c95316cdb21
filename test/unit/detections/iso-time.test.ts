import { describe, expect, it } from 'vitest';
import { isoTime } from '../../../src/detections/envelope.js';

/** isoTime as first written: whatever Date.parse reads, printed again as an ISO time. */
const reference = (value: string | undefined, fallback: string) => {
  const parsed = value === undefined ? Number.NaN : Date.parse(value);
  return Number.isNaN(parsed) ? fallback : new Date(parsed).toISOString();
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('isoTime', () => {
  it('reads the forms AWS writes times in', () => {
    expect(isoTime('2026-01-01T00:00:00Z', 'x')).toBe('2026-01-01T00:00:00.000Z');
    expect(isoTime('2026-01-01T00:00:00.123Z', 'x')).toBe('2026-01-01T00:00:00.123Z');
    expect(isoTime('Wed, 12 Feb 2025 00:37:54 GMT', 'x')).toBe('2025-02-12T00:37:54.000Z');
    expect(isoTime('not a time', 'fallback')).toBe('fallback');
    expect(isoTime(undefined, 'fallback')).toBe('fallback');
  });

  it('gives what Date.parse gives for every day of leap and common years, and for days past a month end', () => {
    for (const year of [1900, 2000, 2024, 2026, 0])
      for (let month = 0; month <= 13; month += 1)
        for (let day = 0; day <= 32; day += 1) {
          const value = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T12:00:00Z`;
          expect(isoTime(value, 'unread'), value).toBe(reference(value, 'unread'));
        }
  });

  it('gives what Date.parse gives for any time of the canonical form, in range or not, and near forms', () => {
    let seed = 11;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 20_000; round += 1) {
      const fields = [pad(next(10_000), 4), pad(next(14), 2), pad(next(33), 2), pad(next(26), 2)];
      const clock = `${pad(next(62), 2)}:${pad(next(62), 2)}`;
      const fraction = ['', `.${pad(next(1000), 3)}`, `.${pad(next(10), 1)}`, '.123456'][next(4)];
      const zone = ['Z', 'z', '+00:00', '+01:30', ''][next(5)];
      const value = `${fields[0]}-${fields[1]}-${fields[2]}T${fields[3]}:${clock}${fraction}${zone}`;
      expect(isoTime(value, 'unread'), value).toBe(reference(value, 'unread'));
    }
  });
});
