import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare, type KnownErrors, type Row } from '../../../scripts/ruler-diff/compare.js';
import { generatePairs } from '../../../scripts/ruler-diff/generate.js';
import { ROOT } from '../../support/drills.js';

describe('the event-ruler differential test (scripts/ruler-diff, run by .ci/run)', () => {
  const pairs = generatePairs(20_261_018, 3000, 4);

  it('generates the same pairs from the same seed', () => {
    expect(generatePairs(20_261_018, 50, 4)).toEqual(pairs.slice(0, 200));
  });

  it.each([
    ['exact strings', /\[("[^"]*",?)+\]|,"[^"]*"\]/],
    ['exact numbers', /\[-?\d/],
    ['prefix', /"prefix":"/],
    ['prefix equals-ignore-case', /"prefix":\{"equals-ignore-case"/],
    ['suffix', /"suffix":"/],
    ['suffix equals-ignore-case', /"suffix":\{"equals-ignore-case"/],
    ['equals-ignore-case', /\{"equals-ignore-case"/],
    ['anything-but a string', /"anything-but":"/],
    ['anything-but strings', /"anything-but":\["/],
    ['anything-but a number', /"anything-but":-?\d/],
    ['anything-but numbers', /"anything-but":\[-?\d/],
    ['anything-but prefix', /"anything-but":\{"prefix"/],
    ['anything-but suffix', /"anything-but":\{"suffix"/],
    ['anything-but equals-ignore-case', /"anything-but":\{"equals-ignore-case"/],
    ['anything-but wildcard', /"anything-but":\{"wildcard"/],
    ['numeric one-sided', /"numeric":\["[<>=]+",[^,\]]+\]/],
    ['numeric range', /"numeric":\[">=?",[^,]+,"<=?"/],
    ['exists true', /"exists":true/],
    ['exists false', /"exists":false/],
    ['cidr IPv4', /"cidr":"\d+\.\d/],
    ['cidr IPv6', /"cidr":"[0-9a-f]*:/],
    ['wildcard', /"wildcard":"/],
    ['$or', /"\$or":\[/],
    ['nested fields', /"c":\{"[de]"/],
  ])('covers %s in its patterns', (_what, shape) => {
    expect(pairs.filter((pair) => shape.test(pair.pattern)).length).toBeGreaterThan(10);
  });

  it('covers arrays of values and arrays of objects in its events', () => {
    expect(pairs.filter((pair) => /:\[("|-?\d|true|false|null)/.test(pair.event)).length).toBeGreaterThan(
      100,
    );
    expect(pairs.filter((pair) => /"c":\[\{/.test(pair.event)).length).toBeGreaterThan(100);
  });

  it('lists every known event-ruler error with a reason that exists', () => {
    const known = JSON.parse(
      readFileSync(join(ROOT, 'tools/ruler-diff/ruler-is-wrong.json'), 'utf8'),
    ) as KnownErrors;
    for (const entry of known.pairs) expect(known.reasons[entry.reason]).toEqual(expect.any(String));
  });

  const known: KnownErrors = {
    reasons: { limit: 'EventBridge limits numbers to ±5.0e9' },
    pairs: [{ reason: 'limit', pattern: 'P', event: 'E', ruler: 'match', eventbridge: 'no-match' }],
  };
  const row = (pattern: string, rekey: Row['rekey'], ruler: string): Row => ({
    pair: { pattern, event: 'E' },
    rekey,
    ruler,
    complexityMismatch: false,
  });

  it('passes when every disagreement is listed with its reason and both answers', () => {
    const report = compare([row('P', 'no-match', 'match'), row('Q', 'match', 'match')], known);
    expect(report.ok).toBe(true);
    expect(report.lines.join('\n')).toMatch(/limit: 1/);
  });

  it('fails on a disagreement that is not listed, or listed with other answers', () => {
    expect(compare([row('P', 'no-match', 'match'), row('Q', 'match', 'no-match')], known).ok).toBe(false);
    expect(compare([row('P', 'invalid', 'match')], known).ok).toBe(false);
  });

  it('fails when a listed disagreement no longer occurs, or complexity is measured differently', () => {
    expect(compare([row('P', 'match', 'match')], known).ok).toBe(false);
    expect(
      compare(
        [row('P', 'no-match', 'match'), { ...row('Q', 'match', 'match'), complexityMismatch: true }],
        known,
      ).ok,
    ).toBe(false);
  });
});
