import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { AsffFindingSchema, ImportedFindingsSchema } from '../../../src/detections/asff-finding.js';
import { CloudTrailRecordSchema } from '../../../src/detections/cloudtrail-event.js';
import { AttackSequenceSchema } from '../../../src/detections/guardduty-attack-sequence.js';
import { HealthDetailSchema } from '../../../src/detections/health-event.js';
import { normaliseEvent } from '../../../src/detections/normalise.js';
import { ScannerReportSchema } from '../../../src/detections/scanner-report.js';
import { CustomActionDetailSchema } from '../../../src/detections/securityhub-custom-action.js';
import { InvalidInputError } from '../../../src/domain/errors.js';
import { eventFixture, variant } from '../../support/fixtures.js';
import { fixtureEvents } from '../../support/zod-agreement.js';

type Detail = Record<string, unknown> & { findings?: Record<string, unknown>[] };

/** zod's reasons, as normaliseEvent words them. */
const reasons = (schema: z.ZodType, value: unknown): string => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('zod accepts it');
  return parsed.error.issues
    .map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`)
    .join('; ');
};

const CASES: [string, string, string, (detail: Detail) => void, (detail: Detail) => [z.ZodType, unknown]][] =
  [
    [
      'CloudTrail record',
      'aws.cloudtrail',
      'get-secret-value',
      (d) => {
        (d.userIdentity as Detail).type = 5;
        d.requestParameters = [];
      },
      (d) => [CloudTrailRecordSchema, d],
    ],
    [
      'Health detail',
      'aws.health',
      'credentials-exposed',
      (d) => (d.affectedEntities = [{}]),
      (d) => [HealthDetailSchema, d],
    ],
    [
      'imported findings',
      'aws.securityhub',
      'guardduty-tor-caller-imported',
      (d) => (d.findings = []),
      (d) => [ImportedFindingsSchema, d],
    ],
    [
      'ASFF finding',
      'aws.securityhub',
      'guardduty-tor-caller-imported',
      (d) => Object.assign(d.findings?.[0] ?? {}, { Types: 'x', ProductFields: { n: 1 } }),
      (d) => [AsffFindingSchema, d.findings?.[0]],
    ],
    [
      'custom action',
      'aws.securityhub',
      'securityhub-custom-action',
      (d) => (d.actionName = ''),
      (d) => [CustomActionDetailSchema, d],
    ],
    [
      'attack sequence',
      'aws.guardduty',
      'attack-sequence-iam-compromised-credentials',
      (d) => ((d.service as Detail).detection = { sequence: { actors: {} } }),
      (d) => [AttackSequenceSchema, d],
    ],
  ];

describe('a detail the reader refuses', () => {
  it('scanner report: zod says why, as it did before the reader', () => {
    const report = fixtureEvents().find((e) => e.source === 'rekey.report') as Record<string, unknown>;
    const event = variant(report, (e) => Object.assign(e.detail as Detail, { line: 1.5, secret: 'x' }));
    expect(() => normaliseEvent(event)).toThrow(
      `malformed rekey.report/Secret Scanner Finding event: ${reasons(ScannerReportSchema, event.detail)}`,
    );
  });

  it.each(CASES)('%s: zod says why, as it did before the reader', (_what, source, name, change, refused) => {
    const event = variant(eventFixture(source, name), (e) => change(e.detail as Detail));
    const [schema, value] = refused(event.detail as Detail);
    const kind = `${event.source}/${event['detail-type']}`;
    expect(() => normaliseEvent(event)).toThrow(InvalidInputError);
    expect(() => normaliseEvent(event)).toThrow(`malformed ${kind} event: ${reasons(schema, value)}`);
  });
});
