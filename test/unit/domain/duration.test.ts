import { describe, expect, it } from 'vitest';
import { DurationSchema, durationMs, formatOffset } from '../../../src/domain/duration.js';
import { durationSeconds } from '../../../src/playbook/schema.js';

describe('one duration, for playbooks and drills alike', () => {
  it.each([
    ['0s', 0],
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['12h', 43_200_000],
    ['1h30m', 5_400_000],
  ])('reads %s', (text, ms) => {
    expect(durationMs(text)).toBe(ms);
    expect(DurationSchema.parse(text)).toBe(ms);
    expect(durationSeconds(text)).toBe(ms / 1000);
  });

  it.each(['', '30', '1.5h', '5d', 'm30'])('refuses %j with the form it takes', (text) => {
    expect(DurationSchema.safeParse(text).error?.issues[0]?.message).toMatch(/a duration such as 0s, 90s/);
    expect(() => durationMs(text)).toThrow(RangeError);
  });

  it('formats an offset', () => {
    expect([formatOffset(20_000), formatOffset(240_000), formatOffset(3_723_000)]).toEqual([
      '+20s',
      '+4m00s',
      '+1h02m03s',
    ]);
  });
});
