import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type * as z from 'zod';
import { REFUSED, type Reader } from '../../src/detections/loose-reader.js';
import { materialToEvents, parseJsonDocuments } from '../../src/detections/material.js';
import { ROOT } from './drills.js';

/** Every event under drills/events/, as triage reads them (`event.detail` is the part a reader reads). */
export function fixtureEvents(): Record<string, unknown>[] {
  const root = join(ROOT, 'drills/events');
  const options = { account: '111122223333', region: 'us-east-1', now: new Date('2026-11-28T12:00:00Z') };
  return readdirSync(root).flatMap((dir) =>
    readdirSync(join(root, dir)).flatMap((file) => {
      const values = parseJsonDocuments(readFileSync(join(root, dir, file), 'utf8'));
      return materialToEvents(values, options).events.map((e) => e.event as Record<string, unknown>);
    }),
  );
}

/** Keys in order, all the way down: zod's output and the reader's are built key by key alike. */
const order = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(order);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).map(([key, inner]) => [key, order(inner)]);
  return value;
};

/** JSON text of a value with every object's keys sorted: equal for values equal but for key order. */
const sorted = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === 'object' && inner !== null && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );

/**
 * Of the value as JSON.parse makes it, the reader in its `json` mode says what zod says too: the same value but for
 * key order, the input left as it was, and the input itself when zod's copy of it is equal to it (nothing stripped,
 * defaulted or changed).
 */
export function expectSameAsZodOfJson(read: Reader, schema: z.ZodType, value: unknown): void {
  const text = JSON.stringify(value);
  if (text === undefined) return;
  const input: unknown = JSON.parse(text);
  const fast = read(input, true);
  const zod = schema.safeParse(input);
  expect(fast !== REFUSED, 'the reader accepts what zod accepts').toBe(zod.success);
  expect(JSON.stringify(input), 'the input is left as it was').toBe(text);
  if (fast === REFUSED || !zod.success) return;
  expect(fast).toStrictEqual(zod.data);
  expect(sorted(fast)).toBe(sorted(zod.data));
  if (sorted(zod.data) === sorted(input)) expect(fast, 'what zod reads as itself is not copied').toBe(input);
}

/** The reader says what zod says of one value: both accept it (as the same value, key order included) or both refuse. */
export function expectSameAsZod(read: Reader, schema: z.ZodType, value: unknown): boolean {
  expectSameAsZodOfJson(read, schema, value);
  const fast = read(value);
  const zod = schema.safeParse(value);
  expect(fast !== REFUSED, 'the reader accepts what zod accepts').toBe(zod.success);
  if (fast === REFUSED || !zod.success) return false;
  expect(fast).toStrictEqual(zod.data);
  expect(order(fast)).toEqual(order(zod.data));
  return true;
}

const POOL: unknown[] = [
  '',
  'x',
  'AKIAIOSFODNN7EXAMPLE',
  'IAMUser',
  'AccessKey',
  '111122223333',
  '2026-11-28T12:00:00Z',
  0,
  -0,
  -1,
  5.5,
  10,
  10.01,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  null,
  undefined,
  [],
  ['x'],
  [{}],
  [{ Type: 'AwsIamAccessKey', Id: 'x', entityValue: 'AKIAIOSFODNN7EXAMPLE', user: {} }],
  {},
  { type: 'IAMUser', nested: [1, { a: 'b' }] },
  // Objects but not plain ones: zod's objects read them, its records refuse them.
  new Date(0),
  new Map([['type', 'IAMUser']]),
];

/** A key as JSON.parse makes it (own, enumerable, even `__proto__`), or as other code might (hidden, a symbol). */
function define(at: object, key: string | symbol, value: unknown, enumerable = true): void {
  Object.defineProperty(at, key, { value, enumerable, writable: true, configurable: true });
}

/**
 * Seeded mutations of the given values, each checked with expectSameAsZod: at a path of the schema (`*` is an array
 * element), a key deleted, set to a value of another type (null, undefined, an array, an object), set as a
 * `__proto__`, hidden or symbol key, given a numeric-like sibling, or its object rebuilt on another prototype.
 */
export function mutationsAgree(
  read: Reader,
  schema: z.ZodType,
  values: readonly unknown[],
  paths: readonly string[],
  { rounds = 3000, seed = 9, pool = [] as unknown[] } = {},
): { accepted: number; refused: number } {
  let state = seed;
  const next = (n: number) => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return (state >>> 8) % n;
  };
  const pick = <T>(choices: readonly T[]): T => choices[next(choices.length)] as T;
  const choices = [...POOL, ...pool];
  const any = (): unknown => structuredClone(pick(choices));
  const counts = { accepted: 0, refused: 0 };
  for (let round = 0; round < rounds; round += 1) {
    const root = { value: structuredClone(pick(values)) };
    for (let edits = 1 + next(3); edits > 0; edits -= 1) {
      const path = ['value', ...pick(paths).split('.').filter(Boolean)];
      const last = path.pop() as string;
      let parent: unknown = root;
      for (const key of path) {
        const at = parent as Record<string, unknown> | undefined;
        parent = key === '*' && Array.isArray(at) ? at[next(at.length || 1)] : at?.[key];
      }
      if (typeof parent !== 'object' || parent === null) continue;
      const at = parent as Record<string, unknown>;
      const key = last === '*' ? String(next(3)) : last;
      const target = at[key] as Record<string, unknown>;
      const what = next(8);
      if (what === 0) delete at[key];
      else if (what <= 2) define(at, key, any());
      else if (what === 3) define(at, '__proto__', any());
      else if (what === 4) define(at, key, any(), false);
      else if (what === 5) define(at, pick([Symbol('s'), '7', '01', '-1', 'extra']), any());
      else if (typeof target === 'object' && target !== null && !Array.isArray(target)) {
        // One of its keys, moved onto the prototype (inherited, as `for...in` and `in` see it, but no own key).
        const moved = pick([...Object.keys(target), 'type']);
        const prototype = what === 6 ? null : { inherited: 'x', [moved]: target[moved] ?? any() };
        const rebuilt = Object.assign(Object.create(prototype), target);
        if (what === 7) delete rebuilt[moved];
        define(at, key, rebuilt);
      } else define(at, key, any());
    }
    if (expectSameAsZod(read, schema, root.value)) counts.accepted += 1;
    else counts.refused += 1;
  }
  return counts;
}
