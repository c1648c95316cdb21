import { describe, expect, it } from 'vitest';
import { SCANNER_REPORT, ScannerReportSchema } from '../../../src/detections/scanner-report.js';
import { readScannerReport } from '../../../src/detections/scanner-report-reader.js';
import { expectSameAsZod, fixtureEvents, mutationsAgree } from '../../support/zod-agreement.js';

const FIELDS = [
  'tool',
  'accessKeyId',
  'accountId',
  'principalArn',
  'repository',
  'file',
  'commit',
  'line',
  'verified',
  'foundAt',
];
const TIMES = [
  '2026-11-28T12:00:00Z',
  '2026-11-28T12:00:00.123456+01:00',
  '2026-11-28T12:00Z',
  '2026-11-28T12:00:00',
  '2026-11-28 12:00:00Z',
  '2024-02-29T00:00:00Z',
  '2026-02-29T00:00:00Z',
  '2026-11-28T24:00:00Z',
  '2026-11-28T12:00:00+0100',
];

describe('reading a scanner report by hand', () => {
  const reports = fixtureEvents()
    .filter((e) => e.source === SCANNER_REPORT.source && e['detail-type'] === SCANNER_REPORT.detailType)
    .map((e) => e.detail);

  it('accepts every fixture report as zod does, with the same value', () => {
    expect(reports.length).toBeGreaterThan(1);
    for (const report of reports)
      expect(expectSameAsZod(readScannerReport, ScannerReportSchema, report)).toBe(true);
  });

  it('agrees with zod on 3,000 mutated reports, accepted and refused alike', () => {
    const { accepted, refused } = mutationsAgree(
      readScannerReport,
      ScannerReportSchema,
      reports,
      [...FIELDS, ...FIELDS, '', 'extra', '__proto__'],
      {
        pool: [
          ...TIMES,
          'ASIAIOSFODNN7EXAMPLE',
          'AKIAIOSFODNN7EXAMPL',
          1,
          3.5,
          2 ** 53,
          -0,
          'arn:aws:iam::111122223333:user/alice',
        ],
      },
    );
    expect(accepted).toBeGreaterThan(400);
    expect(refused).toBeGreaterThan(600);
  });
});
