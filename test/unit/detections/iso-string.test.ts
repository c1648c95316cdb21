import { describe, expect, it } from 'vitest';
import { isoString } from '../../../src/detections/iso-string.js';

describe('writing a time as ISO 8601 without a Date', () => {
  it('writes what toISOString writes at the edges of days, leap years, eras and its four-digit years', () => {
    const edges = [
      0,
      -1,
      1,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2100, 1, 28, 12),
      Date.UTC(2000, 1, 29),
      Date.UTC(1900, 2, 1),
      Date.UTC(1600, 0, 1),
      Date.UTC(999, 11, 31, 23, 59, 59, 999),
      Date.UTC(2026, 10, 28, 12),
      -62_167_219_200_000, // 0000-01-01
      -62_167_219_200_001, // -000001-12-31, written by Date
      253_402_300_799_999, // 9999-12-31T23:59:59.999Z
      253_402_300_800_000, // +010000-01-01, written by Date
      8.64e15,
      -8.64e15,
    ];
    for (const ms of edges) expect(isoString(ms)).toBe(new Date(ms).toISOString());
  });

  it('writes what toISOString writes for 100,000 seeded times across every year Date can hold', () => {
    let seed = 7;
    const next = () => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let i = 0; i < 100_000; i += 1) {
      const span = i % 2 === 0 ? 8.64e15 : 4e12;
      const ms = Math.floor((next() * 2 - 1) * span);
      expect(isoString(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
