import { array, looseObject, number, object, record, string, unknown } from './loose-reader.js';

const text = string();
const optional = 'optional' as const;
const optionalStrings = ['AccessKeyId', 'PrincipalId', 'PrincipalName', 'PrincipalType', 'UserName'] as const;

/**
 * What AsffFindingSchema.parse gives for a finding it accepts (asff-finding.ts, field for field), read by hand;
 * REFUSED for one it refuses.
 */
export const readAsffFinding = looseObject([
  ['Id', text],
  ['ProductArn', text],
  ['ProductName', text, optional],
  ['AwsAccountId', text],
  ['Region', text, optional],
  ['Types', array(text), { default: [] }],
  ['CreatedAt', text],
  ['UpdatedAt', text],
  ['LastObservedAt', text, optional],
  ['Title', text, optional],
  [
    'Severity',
    looseObject([
      ['Product', number(), optional],
      ['Original', text, optional],
      ['Normalized', number(), optional],
    ]),
    optional,
  ],
  [
    'FindingProviderFields',
    looseObject([
      ['Types', array(text), optional],
      [
        'Severity',
        looseObject([
          ['Original', text, optional],
          ['Label', text, optional],
        ]),
        optional,
      ],
    ]),
    optional,
  ],
  ['RecordState', text, optional],
  ['ProductFields', record(text), optional],
  [
    'Resources',
    array(
      looseObject([
        ['Type', text],
        ['Id', text],
        ['Region', text, optional],
        [
          'Details',
          looseObject([
            ['AwsIamAccessKey', looseObject(optionalStrings.map((key) => [key, text, optional])), optional],
          ]),
          optional,
        ],
      ]),
    ),
    { default: [] },
  ],
]);

/** What ImportedFindingsSchema.parse gives (asff-finding.ts): only its findings, at least one. */
export const readImportedFindings = object([['findings', array(unknown, 1)]]);

/** What CustomActionDetailSchema.parse gives (securityhub-custom-action.ts), read by hand. */
export const readCustomActionDetail = looseObject([
  ['actionName', string(1)],
  ['actionDescription', text, optional],
  ['findings', array(unknown, 1)],
]);
