import { describe, expect, it } from 'vitest';
import { assertShallow, jsonDepth, MAX_JSON_DEPTH } from '../../../src/domain/json-limits.js';

/** An object `levels` deep, each level under key `k` or as an array's element. */
function nested(levels: number, asArray: (level: number) => boolean): unknown {
  let value: unknown = 'leaf';
  for (let level = levels; level > 0; level -= 1) value = asArray(level) ? [1, value] : { a: 1, k: value };
  return value;
}

describe('jsonDepth', () => {
  it('counts each object and array as one level, scalars as none', () => {
    expect(jsonDepth('text')).toBe(0);
    expect(jsonDepth(null)).toBe(0);
    expect(jsonDepth({})).toBe(1);
    expect(jsonDepth([])).toBe(1);
    expect(jsonDepth({ a: [{ b: null }], c: { d: 1 } })).toBe(3);
    expect(jsonDepth(nested(40, (level) => level % 3 === 0))).toBe(40);
  });

  it('finds the deepest branch wherever it is', () => {
    const event = { detail: { a: { b: 1 }, list: [{}, { deep: nested(10, () => false) }] }, z: [] };
    expect(jsonDepth(event)).toBe(14);
  });

  it('rejects a value one level past the limit, and accepts one at it', () => {
    expect(() =>
      assertShallow(
        nested(MAX_JSON_DEPTH, (level) => level % 2 === 0),
        'the event',
      ),
    ).not.toThrow();
    expect(() =>
      assertShallow(
        nested(MAX_JSON_DEPTH + 1, () => false),
        'the event',
      ),
    ).toThrow(`the event nests deeper than ${MAX_JSON_DEPTH} levels`);
    expect(() =>
      assertShallow(
        nested(MAX_JSON_DEPTH + 1, () => true),
        'the event',
      ),
    ).toThrow();
  });
});
