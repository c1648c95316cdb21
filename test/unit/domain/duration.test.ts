import { describe, expect, it } from 'vitest';
import { DurationSchema, durationMs, formatOffset } from '../../../src/domain/duration.js';
import { durationSeconds, DurationSchema as PlaybookDurationSchema } from '../../../src/playbook/schema.js';

describe('one duration, for playbooks and drills alike', () => {
  it.each([
    ['0s', 0],
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['12h', 43_200_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['0.5m', 30_000],
    ['0.1h', 360_000],
  ])('reads %s', (text, ms) => {
    expect(durationMs(text)).toBe(ms);
    expect(DurationSchema.parse(text)).toBe(ms);
    expect(durationSeconds(text)).toBe(ms / 1000);
  });

  it('takes fractions of a second for drills, never for playbooks (Step Functions counts whole seconds)', () => {
    expect(DurationSchema.parse('2.5s')).toBe(2500);
    expect(DurationSchema.parse('1m0.25s')).toBe(60_250);
    expect(PlaybookDurationSchema.safeParse('2.5s').error?.issues[0]?.message).toMatch(
      /whole number of seconds/,
    );
    expect(PlaybookDurationSchema.parse('1.5m')).toBe('1.5m');
  });

  it.each(['', '30', '.5h', '1.5.2m', '5d', 'm30', '0.0001s'])(
    'refuses %j with the form it takes',
    (text) => {
      expect(DurationSchema.safeParse(text).error?.issues[0]?.message).toMatch(/a duration such as 0s, 90s/);
      expect(() => durationMs(text)).toThrow(RangeError);
    },
  );

  it('formats an offset', () => {
    expect([formatOffset(20_000), formatOffset(240_000), formatOffset(3_723_000)]).toEqual([
      '+20s',
      '+4m00s',
      '+1h02m03s',
    ]);
  });
});
