import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { regexes } from 'zod/v4/core';
import { EventEnvelopeSchema } from '../../../src/detections/envelope.js';
import { acceptedEnvelope } from '../../../src/detections/envelope-reader.js';
import { materialToEvents, parseJsonDocuments } from '../../../src/detections/material.js';
import { ROOT } from '../../support/drills.js';

/** Every fixture as the event it becomes. */
function fixtureEvents(): Record<string, unknown>[] {
  const dir = join(ROOT, 'drills/events');
  return readdirSync(dir).flatMap((kind) =>
    readdirSync(join(dir, kind)).flatMap((file) => {
      const values = parseJsonDocuments(readFileSync(join(dir, kind, file), 'utf8'));
      const options = { account: '111122223333', region: 'us-east-1', now: new Date('2026-11-28T12:00:00Z') };
      return materialToEvents(values, options).events.map((e) => e.event);
    }),
  );
}

/** acceptedEnvelope says what zod says: the same events accepted, each read as the same value. */
function expectSameAsZod(event: unknown): boolean {
  const fast = acceptedEnvelope(event);
  const zod = EventEnvelopeSchema.safeParse(event);
  expect(fast !== undefined, JSON.stringify(event)).toBe(zod.success);
  if (!fast || !zod.success) return false;
  expect(fast).toStrictEqual(zod.data);
  expect(Object.keys(fast)).toEqual(Object.keys(zod.data));
  expect(Object.getPrototypeOf(fast)).toBe(Object.getPrototypeOf(zod.data));
  expect(fast.detail).toBe(zod.data.detail);
  const given = (event as { resources?: unknown }).resources;
  expect(fast.resources === given).toBe(zod.data.resources === given);
  return true;
}

describe('reading an EventBridge envelope by hand', () => {
  const events = fixtureEvents();

  it('accepts every fixture event as zod does, with the same value', () => {
    for (const event of events) expect(expectSameAsZod(event)).toBe(true);
  });

  it("reads the time with the pattern zod's schema checks it with", () => {
    const time = EventEnvelopeSchema.shape.time as unknown as { _zod: { pattern: RegExp } };
    expect(time._zod.pattern.source).toBe(regexes.datetime({ offset: true }).source);
  });

  it('agrees with zod on 3,000 mutated envelopes, accepted and refused alike', () => {
    let seed = 5;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return (seed >>> 8) % n;
    };
    const pick = <T>(values: readonly T[]): T => values[next(values.length)] as T;
    const digits = (n: number) => String(next(10 ** n)).padStart(n, '0');
    const time = () =>
      pick([
        `${digits(4)}-${digits(2)}-${digits(2)}T${digits(2)}:${digits(2)}:${digits(2)}${pick(['', '.1', `.${digits(6)}`, '.'])}${pick(['Z', '+01:00', '-23:59', '+24:00', 'z', '', '+0100'])}`,
        `${pick(['2024', '2000', '1900', '2100', '2026', '0000'])}-02-${pick(['28', '29', '30'])}T00:00:00Z`,
        `2026-${pick(['04', '06', '09', '11', '01', '12', '13', '00'])}-${pick(['30', '31', '01', '00'])}T23:59:59Z`,
        '2026-11-28T12:00:00Z'.replace(/./g, (c) => (next(12) === 0 ? pick([...'0123456789-:TZ. +']) : c)),
      ]);
    const values = () =>
      pick<unknown>([
        '',
        'x',
        '0',
        12,
        0,
        null,
        true,
        [],
        {},
        ['arn:aws:iam::111122223333:user/u'],
        [1],
        ['a', null],
        new Array(2),
        '111122223333',
        '11112222333',
        '1111222233334',
        '\uff11'.repeat(12),
        '111122223333\n',
        time(),
        { nested: { a: [1] } },
      ]);
    let accepted = 0;
    let refused = 0;
    for (let round = 0; round < 3000; round += 1) {
      const base = events[next(events.length)] as Record<string, unknown>;
      const event: Record<string, unknown> =
        round % 10 === 0 ? Object.create({ inherited: 'enumerable' }) : ({} as Record<string, unknown>);
      Object.assign(event, structuredClone(base));
      for (let edits = next(4); edits > 0; edits -= 1) {
        const key = pick([
          'version',
          'id',
          'detail-type',
          'source',
          'account',
          'time',
          'region',
          'resources',
          'detail',
          'extra',
          '1',
          'constructor',
        ]);
        const what = next(4);
        if (what === 0) delete event[key];
        else if (what === 1 && key === 'time') event.time = time();
        else if (what === 1 && key === 'account') event.account = digits(next(3) + 11);
        else event[key] = values();
      }
      // As JSON.parse makes it from `{"__proto__": ...}`: an own key, never the prototype.
      if (round % 7 === 0)
        Object.defineProperty(event, '__proto__', {
          value: { polluted: true },
          enumerable: true,
          writable: true,
          configurable: true,
        });
      if (expectSameAsZod(event)) accepted += 1;
      else refused += 1;
    }
    expect(accepted).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(500);
  });
});
