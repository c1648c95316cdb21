import { describe, expect, it } from 'vitest';
import { extended } from '../../../src/domain/extended.js';

describe('extended', () => {
  it('gives what { ...base, ...more } gives: the same keys in the same order, more winning', () => {
    const base = { kind: 'k', evidence: { a: 1 }, principal: { type: 'IAMUser' } };
    const more = { accessKeyIds: ['AKIA'], principal: { type: 'Root' } };
    const built = extended(base, more);
    expect(JSON.stringify(built)).toBe(JSON.stringify({ ...base, ...more }));
    expect(Object.keys(built)).toEqual(['kind', 'evidence', 'principal', 'accessKeyIds']);
    expect(built.evidence).toBe(base.evidence);
  });

  it('defines a key named __proto__ as data, as a spread does, never as the prototype', () => {
    const base = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const built = extended(base, { b: 2 }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(built)).toBe(Object.prototype);
    expect(Object.keys(built)).toEqual(['__proto__', 'a', 'b']);
    expect(built.polluted).toBeUndefined();
  });
});
