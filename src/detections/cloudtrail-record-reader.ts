import { array, looseObject, nullable, record, string, unknown } from './loose-reader.js';

const optional = 'optional' as const;
const text = string();

/** UserIdentitySchema, field for field (cloudtrail-identity.ts). */
const readUserIdentity = looseObject([
  ['type', text],
  ['principalId', text, optional],
  ['arn', text, optional],
  ['accountId', text, optional],
  ['accessKeyId', text, optional],
  ['userName', text, optional],
  ['invokedBy', text, optional],
  [
    'sessionContext',
    looseObject([
      [
        'sessionIssuer',
        looseObject([
          ['type', text, optional],
          ['arn', text, optional],
          ['userName', text, optional],
        ]),
        optional,
      ],
    ]),
    optional,
  ],
]);

/**
 * What CloudTrailRecordSchema.parse gives for a record it accepts (cloudtrail-event.ts, field for field), read by
 * hand; REFUSED for one it refuses.
 */
export const readCloudTrailRecord = looseObject([
  ['eventTime', text],
  ['eventSource', text],
  ['eventName', text],
  ['awsRegion', text],
  ['eventID', text],
  ['userIdentity', readUserIdentity],
  ['sourceIPAddress', text, optional],
  ['requestParameters', nullable(record(unknown)), optional],
  ['responseElements', nullable(record(unknown)), optional],
  ['errorCode', text, optional],
  ['errorMessage', text, optional],
  ['recipientAccountId', text, optional],
  [
    'resources',
    array(
      looseObject([
        ['ARN', text, optional],
        ['type', text, optional],
      ]),
    ),
    optional,
  ],
]);
