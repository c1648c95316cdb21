import { describe, expect, it } from 'vitest';
import { DETECTION_RULES } from '../../../src/detections/rules.js';
import { InvalidPatternError } from '../../../src/eventbus/errors.js';
import { compilePattern } from '../../../src/eventbus/pattern.js';
import { eventFixture } from '../../support/fixtures.js';

const rule = (name: string) => {
  const found = DETECTION_RULES.find((r) => r.name === name);
  if (!found) throw new Error(`no rule ${name}`);
  return compilePattern(found.pattern);
};

describe('the detection rules', () => {
  it('match the events they are for and nothing else', () => {
    const health = eventFixture('aws.health', 'credentials-exposed');
    const finding = eventFixture('aws.guardduty', 'iam-user-tor-caller');
    expect(rule('health-credentials-exposed').matches(health)).toBe(true);
    expect(rule('health-credentials-exposed').matches(finding)).toBe(false);
    expect(rule('guardduty-access-key-finding').matches(finding)).toBe(true);
    expect(rule('guardduty-access-key-finding').matches(health)).toBe(false);
  });

  it('leave a Health event of another type to other rules', () => {
    const event = eventFixture('aws.health', 'credentials-exposed');
    (event.detail as Record<string, unknown>).eventTypeCode =
      'AWS_EC2_INSTANCE_STORE_DRIVE_PERFORMANCE_DEGRADED';
    expect(rule('health-credentials-exposed').matches(event)).toBe(false);
  });
});

describe('the pattern matcher', () => {
  it('matches any element of an array in the event', () => {
    expect(compilePattern({ resources: ['b'] }).matches({ resources: ['a', 'b'] })).toBe(true);
  });

  it('supports prefix, exists and anything-but', () => {
    const pattern = compilePattern({
      detail: {
        type: [{ prefix: 'UnauthorizedAccess:' }],
        archived: [{ exists: false }],
        region: [{ 'anything-but': ['us-west-2'] }],
      },
    });
    expect(
      pattern.matches({ detail: { type: 'UnauthorizedAccess:IAMUser/TorIPCaller', region: 'us-east-1' } }),
    ).toBe(true);
    expect(pattern.matches({ detail: { type: 'Recon:IAMUser/TorIPCaller', region: 'us-east-1' } })).toBe(
      false,
    );
    expect(
      pattern.matches({ detail: { type: 'UnauthorizedAccess:x', archived: true, region: 'us-east-1' } }),
    ).toBe(false);
    expect(pattern.matches({ detail: { type: 'UnauthorizedAccess:x', region: 'us-west-2' } })).toBe(false);
  });

  it('rejects invalid patterns with the reason', () => {
    expect(() => compilePattern({ source: 'aws.health' })).toThrow(InvalidPatternError);
    expect(() => compilePattern({ source: [] })).toThrow(/empty array/);
    expect(() => compilePattern({})).toThrow(/must not be empty/);
    expect(() => compilePattern({ source: [{ bogus: 1 }] })).toThrow(/unsupported operator "bogus"/);
  });
});
