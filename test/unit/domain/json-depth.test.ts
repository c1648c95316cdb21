import { describe, expect, it } from 'vitest';
import { assertShallow, jsonDepth, MAX_JSON_DEPTH } from '../../../src/domain/json-limits.js';

/** A value nested `depth` levels, alternating objects and arrays. */
function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level += 1) value = level % 2 ? [1, value] : { a: 1, b: value };
  return value;
}

describe('how deeply a JSON value nests', () => {
  it('counts each object and array as a level, scalars as none', () => {
    expect(jsonDepth('x')).toBe(0);
    expect(jsonDepth(null)).toBe(0);
    expect(jsonDepth({})).toBe(1);
    expect(jsonDepth([[], { a: [{}] }, 3])).toBe(4);
    expect(jsonDepth({ a: { b: {} }, c: [[[[]]]] })).toBe(5);
    for (const depth of [1, 2, 17, MAX_JSON_DEPTH]) expect(jsonDepth(nested(depth))).toBe(depth);
  });

  it('reads own enumerable keys only, as Object.values does', () => {
    const inherited = Object.assign(Object.create({ deep: { a: { b: {} } } }), { x: 1 });
    const hidden = Object.defineProperty({}, 'deep', { value: { a: { b: {} } }, enumerable: false });
    expect(jsonDepth(inherited)).toBe(1);
    expect(jsonDepth(hidden)).toBe(1);
  });

  it('stops one level past the limit, without overflowing the stack on hostile nesting', () => {
    expect(jsonDepth(nested(MAX_JSON_DEPTH + 1))).toBe(MAX_JSON_DEPTH + 1);
    expect(jsonDepth(nested(1_000_000))).toBe(MAX_JSON_DEPTH + 1);
    expect(jsonDepth(nested(10), 3)).toBe(4);
    expect(() => assertShallow(nested(MAX_JSON_DEPTH), 'the event')).not.toThrow();
    expect(() => assertShallow(nested(MAX_JSON_DEPTH + 1), 'the event')).toThrow(
      /nests deeper than 64 levels/,
    );
  });
});
