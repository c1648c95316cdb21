import { describe, expect, it } from 'vitest';
import { AsffFindingSchema, ImportedFindingsSchema } from '../../../src/detections/asff-finding.js';
import { CustomActionDetailSchema } from '../../../src/detections/securityhub-custom-action.js';
import {
  readAsffFinding,
  readCustomActionDetail,
  readImportedFindings,
} from '../../../src/detections/securityhub-readers.js';
import { expectSameAsZod, fixtureEvents, mutationsAgree } from '../../support/zod-agreement.js';

const ASFF_PATHS = [
  '',
  'Id',
  'ProductArn',
  'ProductName',
  'AwsAccountId',
  'Region',
  'Types',
  'Types.*',
  'CreatedAt',
  'UpdatedAt',
  'LastObservedAt',
  'Title',
  'Severity',
  'Severity.Product',
  'Severity.Original',
  'Severity.Normalized',
  'Severity.extra',
  'FindingProviderFields',
  'FindingProviderFields.Types',
  'FindingProviderFields.Types.*',
  'FindingProviderFields.Severity',
  'FindingProviderFields.Severity.Original',
  'FindingProviderFields.Severity.Label',
  'FindingProviderFields.extra',
  'RecordState',
  'ProductFields',
  'ProductFields.aws/guardduty/service/findingId',
  'ProductFields.extra',
  'Resources',
  'Resources.*',
  'Resources.*.Type',
  'Resources.*.Id',
  'Resources.*.Region',
  'Resources.*.Details',
  'Resources.*.Details.AwsIamAccessKey',
  'Resources.*.Details.AwsIamAccessKey.AccessKeyId',
  'Resources.*.Details.AwsIamAccessKey.PrincipalId',
  'Resources.*.Details.AwsIamAccessKey.PrincipalName',
  'Resources.*.Details.AwsIamAccessKey.PrincipalType',
  'Resources.*.Details.AwsIamAccessKey.UserName',
  'Resources.*.Details.AwsIamAccessKey.extra',
  'Resources.*.Details.extra',
  'extra',
  '__proto__',
];

const DETAIL_PATHS = ['', 'actionName', 'actionDescription', 'findings', 'findings.*', 'extra', '__proto__'];

describe('reading Security Hub details by hand', () => {
  const events = fixtureEvents().filter((e) => e.source === 'aws.securityhub');
  const imported = events
    .filter((e) => e['detail-type'] === 'Security Hub Findings - Imported')
    .map((e) => e.detail);
  const custom = events
    .filter((e) => e['detail-type'] === 'Security Hub Findings - Custom Action')
    .map((e) => e.detail);
  const findings = [...imported, ...custom].flatMap((d) => (d as { findings: unknown[] }).findings);

  it('accepts every fixture detail and finding as zod does, with the same value', () => {
    expect(imported.length).toBeGreaterThan(2);
    expect(custom.length).toBeGreaterThan(1);
    expect(findings.length).toBeGreaterThan(5);
    for (const f of findings) expect(expectSameAsZod(readAsffFinding, AsffFindingSchema, f)).toBe(true);
    for (const d of imported)
      expect(expectSameAsZod(readImportedFindings, ImportedFindingsSchema, d)).toBe(true);
    for (const d of custom)
      expect(expectSameAsZod(readCustomActionDetail, CustomActionDetailSchema, d)).toBe(true);
  });

  it('agrees with zod on 5,000 mutated ASFF findings, accepted and refused alike', () => {
    const { accepted, refused } = mutationsAgree(readAsffFinding, AsffFindingSchema, findings, ASFF_PATHS, {
      rounds: 5000,
      pool: [
        { 'aws/guardduty/service/findingId': 'abc', n: 1 },
        { Original: '8', Label: 'HIGH' },
        ['TTPs/x'],
      ],
    });
    expect(accepted).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(1000);
  });

  it('agrees with zod on mutated imported and custom-action details', () => {
    const details = [...imported, ...custom];
    for (const [read, schema] of [
      [readImportedFindings, ImportedFindingsSchema],
      [readCustomActionDetail, CustomActionDetailSchema],
    ] as const) {
      const { accepted, refused } = mutationsAgree(read, schema, details, DETAIL_PATHS, { rounds: 1500 });
      expect(accepted).toBeGreaterThan(300);
      expect(refused).toBeGreaterThan(300);
    }
  });
});
