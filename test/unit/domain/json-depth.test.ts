import { describe, expect, it } from 'vitest';
import { assertShallow, jsonDepth, MAX_JSON_DEPTH, markShallow } from '../../../src/domain/json-limits.js';

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

describe('a value checked once', () => {
  /** A value whose objects count the walks that list their keys. */
  function counted(): { value: unknown; walks: () => number } {
    let walks = 0;
    const watch = <T extends object>(target: T) =>
      new Proxy(target, {
        ownKeys: (t) => {
          walks += 1;
          return Reflect.ownKeys(t);
        },
      });
    return { value: watch({ detail: watch({ a: 1 }) }), walks: () => walks };
  }

  it('is walked once however often it is checked (the handler and the normaliser both check an event)', () => {
    const { value, walks } = counted();
    assertShallow(value, 'the event');
    const once = walks();
    expect(once).toBeGreaterThan(0);
    assertShallow(value, 'the event');
    expect(walks()).toBe(once);
  });

  it('is not walked when its text proved it shallow; a deep value is still refused, every time', () => {
    const { value, walks } = counted();
    markShallow(value);
    assertShallow(value, 'the event');
    expect(walks()).toBe(0);
    const deep = nested(MAX_JSON_DEPTH + 1);
    for (let i = 0; i < 2; i += 1) expect(() => assertShallow(deep, 'the event')).toThrow(/deeper than 64/);
  });
});
