import { describe, expect, it } from 'vitest';
import { generatePairs } from '../../../scripts/ruler-diff/generate.js';
import { detectionRules } from '../../../src/detections/rules.js';
import { compilePattern } from '../../../src/eventbus/pattern.js';
import { RuleSet } from '../../../src/eventbus/rule-set.js';
import { eventFixture } from '../../support/fixtures.js';

/** The patterns of the differential test's pairs that compile, with the events generated for them. */
function generatedRules() {
  const pairs = generatePairs(20_261_018, 800, 4);
  const rules: Array<{ name: string; pattern: string; events: string[] }> = [];
  for (const pair of pairs) {
    try {
      compilePattern(pair.pattern);
    } catch {
      continue;
    }
    const same = rules.find((rule) => rule.pattern === pair.pattern);
    if (same) same.events.push(pair.event);
    else rules.push({ name: `rule-${pair.id}`, pattern: pair.pattern, events: [pair.event] });
  }
  return rules;
}

describe('a rule set answers as each of its rules would on its own', () => {
  const rules = generatedRules();
  const one = rules.map((rule) => ({ name: rule.name, pattern: compilePattern(rule.pattern) }));

  it('on generated patterns over every operator, from JSON text and from parsed events', () => {
    expect(rules.length).toBeGreaterThan(400);
    for (let at = 0; at < rules.length; at += 40) {
      const group = rules.slice(at, at + 40);
      const set = new RuleSet(group);
      const alone = one.slice(at, at + 40);
      // The events made for these rules and for the next ones: some match, most do not.
      for (const text of rules.slice(at, at + 80).flatMap((rule) => rule.events)) {
        const parsed = JSON.parse(text);
        expect(set.matching(text)).toEqual(alone.filter((r) => r.pattern.matches(text)).map((r) => r.name));
        expect(set.matching(parsed)).toEqual(
          alone.filter((r) => r.pattern.matches(parsed)).map((r) => r.name),
        );
      }
    }
  });

  it("on Rekey's detection rules and the events drills publish", () => {
    const detection = detectionRules({ secretReadAllowlist: ['arn:aws:iam::111122223333:role/app-*'] });
    const set = new RuleSet(detection);
    const events = [
      eventFixture('aws.guardduty', 'attacker-persistence'),
      eventFixture('aws.guardduty', 'attack-sequence-iam-compromised-credentials'),
      eventFixture('aws.cloudtrail', 'quarantine-policy-attached'),
    ];
    for (const event of events) {
      const expected = detection.filter((r) => compilePattern(r.pattern).matches(event)).map((r) => r.name);
      expect(set.matching(event)).toEqual(expected);
    }
  });

  it('finds a rule by any of its exact values, also in an array, also where another rule shares the field', () => {
    const set = new RuleSet([
      { name: 'codes', pattern: { detail: { code: ['A', 'B', 'C'] } } },
      { name: 'c-only', pattern: { detail: { code: ['C'], kind: [{ 'anything-but': 'x' }] } } },
    ]);
    expect(set.matching({ detail: { code: 'B' } })).toEqual(['codes']);
    expect(set.matching({ detail: { code: ['x', 'C'], kind: 'y' } })).toEqual(['codes', 'c-only']);
    expect(set.matching({ detail: { code: 'C', kind: 'x' } })).toEqual(['codes']);
    expect(set.matching({ 'detail.code': 'A' })).toEqual(['codes']);
    expect(set.matching({ detail: { code: 'D' } })).toEqual([]);
  });

  it('reads keys with dots and arrays the same where the rules name many fields (an object read key by key)', () => {
    // Ten fields under detail and at the top: both nodes are read by the event's keys, not the rules' paths.
    const fields = Array.from({ length: 10 }, (_, i) => `f${i}`);
    const rules = fields.map((field, i) => ({
      name: field,
      pattern: { detail: { [field]: { deep: [`v${i}`] } }, [`top${i}`]: [{ exists: i % 2 === 0 }] },
    }));
    const set = new RuleSet(rules);
    const events = [
      { detail: { f0: { deep: 'v0' } }, top0: 1 },
      { 'detail.f1.deep': 'v1' },
      { detail: { 'f2.deep': ['x', 'v2'], f3: [{ deep: 'v3' }] }, top2: 'y' },
      { detail: { f4: { deep: 'v4' } }, '': { top4: true } },
      JSON.parse('{"__proto__": {"top6": 1}, "detail": {"f6": {"deep": "v6"}}, "top6": null}'),
      { detail: Object.create({ f8: { deep: 'v8' } }), top8: 1 },
    ];
    for (const event of events)
      expect(set.matching(event)).toEqual(
        rules.filter((rule) => compilePattern(rule.pattern).matches(event)).map((rule) => rule.name),
      );
    expect(set.matching(events[0])).toEqual(['f0']);
    expect(set.matching(events[2])).toEqual(['f2', 'f3']);
    expect(set.matching(events[5])).toEqual([]);
  });

  it('names a rule once when several of its alternatives match, in the order the rules were given', () => {
    const set = new RuleSet([
      { name: 'second', pattern: { $or: [{ a: ['x'] }, { b: ['y'] }] } },
      { name: 'first', pattern: { a: [{ prefix: 'x' }] } },
    ]);
    expect(set.matching({ a: 'x', b: 'y' })).toEqual(['second', 'first']);
    expect(set.matching('{"b":"y"}')).toEqual(['second']);
    expect(set.matching({ c: 1 })).toEqual([]);
  });
});

describe('what a rule set could match from a few known values', () => {
  const set = new RuleSet(detectionRules({}));
  const known = (entries: Record<string, string>) => set.couldMatch(new Map(Object.entries(entries)));

  it('rules out an event whose source or call no rule takes', () => {
    expect(known({ source: 'aws.s3', 'detail-type': 'AWS API Call via CloudTrail' })).toBe(false);
    expect(known({ source: 'aws.iam', 'detail.eventName': 'ListUsers' })).toBe(false);
  });

  it('keeps an event a rule may take, whatever the values it does not know', () => {
    expect(known({ source: 'aws.iam', 'detail.eventName': 'CreateAccessKey' })).toBe(true);
    expect(known({ source: 'aws.signin', 'detail-type': 'AWS Console Sign In via CloudTrail' })).toBe(true);
    expect(known({ 'detail.eventName': 'AttachUserPolicy' })).toBe(true);
    expect(known({})).toBe(true);
  });
});
