import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GuardDutyFindingSchema } from '../../../src/detections/guardduty-finding.js';
import { acceptedGuardDutyFinding } from '../../../src/detections/guardduty-finding-reader.js';
import { REFUSED } from '../../../src/detections/loose-reader.js';
import { materialToEvents, parseJsonDocuments } from '../../../src/detections/material.js';
import { markJsonMade } from '../../../src/domain/json-made.js';
import { ROOT } from '../../support/drills.js';
import { expectSameAsZodOfJson } from '../../support/zod-agreement.js';

/** The details of every GuardDuty fixture, as events carry them. */
function findings(): Record<string, unknown>[] {
  const dir = join(ROOT, 'drills/events/aws.guardduty');
  return readdirSync(dir).flatMap((file) => {
    const values = parseJsonDocuments(readFileSync(join(dir, file), 'utf8'));
    const options = { account: '111122223333', region: 'us-east-1', now: new Date('2026-11-28T12:00:00Z') };
    return materialToEvents(values, options).events.map((e) => e.event.detail as Record<string, unknown>);
  });
}

/** Keys in order, all the way down: zod's output and the reader's are built key by key alike. */
const order = (value: unknown): unknown =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.entries(value).map(([key, inner]) => [key, order(inner)])
    : value;

/** The reader as a Reader: of JSON's value, as a parsed event's detail is marked. */
const asReader = (value: unknown, json?: boolean) => {
  if (json) markJsonMade(value);
  return acceptedGuardDutyFinding(value) ?? REFUSED;
};

/** The reader says what zod says: the same findings accepted, each read as the same value. */
function expectSameAsZod(detail: unknown): boolean {
  expectSameAsZodOfJson(asReader, GuardDutyFindingSchema, detail);
  const fast = acceptedGuardDutyFinding(detail);
  const zod = GuardDutyFindingSchema.safeParse(detail);
  expect(fast !== undefined).toBe(zod.success);
  if (!fast || !zod.success) return false;
  expect(fast).toStrictEqual(zod.data);
  expect(order(fast)).toEqual(order(zod.data));
  return true;
}

const PATHS = [
  'accountId',
  'region',
  'id',
  'type',
  'severity',
  'createdAt',
  'updatedAt',
  'title',
  'resource',
  'resource.resourceType',
  'resource.accessKeyDetails',
  'resource.accessKeyDetails.accessKeyId',
  'resource.accessKeyDetails.principalId',
  'resource.accessKeyDetails.userName',
  'resource.accessKeyDetails.userType',
  'resource.extra',
  'service',
  'service.archived',
  'service.eventLastSeen',
  'service.additionalInfo',
  'service.additionalInfo.sample',
  'service.action',
  'service.action.awsApiCallAction',
  'service.action.awsApiCallAction.remoteIpDetails',
  'service.action.awsApiCallAction.remoteIpDetails.ipAddressV4',
  'extra',
  '__proto__',
];

describe('reading a GuardDuty finding by hand', () => {
  const details = findings();

  it('accepts every fixture finding as zod does, with the same value', () => {
    expect(details.length).toBeGreaterThan(20);
    for (const detail of details) expect(expectSameAsZod(detail)).toBe(true);
  });

  it('agrees with zod on 3,000 mutated findings, accepted and refused alike', () => {
    let seed = 9;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return (seed >>> 8) % n;
    };
    const pick = <T>(values: readonly T[]): T => values[next(values.length)] as T;
    const values: unknown[] = [
      '',
      'x',
      'AKIAIOSFODNN7EXAMPLE',
      'IAMUser',
      '111122223333',
      '11112222333',
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
      {},
      { nested: [1, { a: 'b' }] },
    ];
    let accepted = 0;
    let refused = 0;
    for (let round = 0; round < 3000; round += 1) {
      const detail = structuredClone(details[next(details.length)]) as Record<string, unknown>;
      for (let edits = next(4); edits > 0; edits -= 1) {
        const path = pick(PATHS).split('.');
        const last = path.pop() as string;
        let parent: unknown = detail;
        for (const key of path) parent = (parent as Record<string, unknown> | undefined)?.[key];
        if (typeof parent !== 'object' || parent === null) continue;
        const at = parent as Record<string, unknown>;
        const what = next(3);
        if (what === 0) delete at[last];
        // As JSON.parse makes a key: own, enumerable, even `__proto__`.
        else
          Object.defineProperty(at, last, {
            value: what === 1 ? pick(values) : { resourceType: pick(['AccessKey', 'Instance']) },
            enumerable: true,
            writable: true,
            configurable: true,
          });
      }
      const event = round % 10 === 0 ? Object.assign(Object.create({ inherited: 1 }), detail) : detail;
      if (expectSameAsZod(event)) accepted += 1;
      else refused += 1;
    }
    expect(accepted).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(500);
  });
});
