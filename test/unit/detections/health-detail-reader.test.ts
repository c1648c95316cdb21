import { describe, expect, it } from 'vitest';
import { readHealthDetail } from '../../../src/detections/health-detail-reader.js';
import { HealthDetailSchema } from '../../../src/detections/health-event.js';
import { expectSameAsZod, fixtureEvents, mutationsAgree } from '../../support/zod-agreement.js';

const PATHS = [
  '',
  'eventArn',
  'eventTypeCode',
  'service',
  'startTime',
  'affectedAccount',
  'eventMetadata',
  'eventMetadata.publicKey',
  'eventMetadata.userName',
  'eventMetadata.extra',
  'affectedEntities',
  'affectedEntities.*',
  'affectedEntities.*.entityValue',
  'affectedEntities.*.extra',
  'extra',
  '__proto__',
];

describe('reading an AWS Health detail by hand', () => {
  const details = fixtureEvents()
    .filter((e) => e.source === 'aws.health' && e['detail-type'] === 'AWS Health Event')
    .map((e) => e.detail);

  it('accepts every fixture detail as zod does, with the same value', () => {
    expect(details.length).toBeGreaterThan(10);
    for (const detail of details)
      expect(expectSameAsZod(readHealthDetail, HealthDetailSchema, detail)).toBe(true);
  });

  it('agrees with zod on 3,000 mutated details, accepted and refused alike', () => {
    const { accepted, refused } = mutationsAgree(readHealthDetail, HealthDetailSchema, details, PATHS, {
      pool: [{ publicKey: 'AKIAIOSFODNN7EXAMPLE', userName: 'alice' }],
    });
    expect(accepted).toBeGreaterThan(600);
    expect(refused).toBeGreaterThan(600);
  });

  it('gives a fresh empty list for absent entities each time, as zod does', () => {
    const detail = { eventArn: 'arn', eventTypeCode: 'AWS_RISK_CREDENTIALS_EXPOSED' };
    const first = readHealthDetail(detail) as { affectedEntities: unknown[] };
    const second = readHealthDetail(detail) as { affectedEntities: unknown[] };
    expect(first.affectedEntities).toStrictEqual([]);
    expect(first.affectedEntities).not.toBe(second.affectedEntities);
    expect(HealthDetailSchema.parse(detail).affectedEntities).not.toBe(
      HealthDetailSchema.parse(detail).affectedEntities,
    );
  });
});
