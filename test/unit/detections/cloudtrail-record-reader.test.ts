import { describe, expect, it } from 'vitest';
import { CloudTrailRecordSchema } from '../../../src/detections/cloudtrail-event.js';
import { readCloudTrailRecord } from '../../../src/detections/cloudtrail-record-reader.js';
import { expectSameAsZod, fixtureEvents, mutationsAgree } from '../../support/zod-agreement.js';

const PATHS = [
  '',
  'eventTime',
  'eventSource',
  'eventName',
  'awsRegion',
  'eventID',
  'userIdentity',
  'userIdentity.type',
  'userIdentity.principalId',
  'userIdentity.arn',
  'userIdentity.accountId',
  'userIdentity.accessKeyId',
  'userIdentity.userName',
  'userIdentity.invokedBy',
  'userIdentity.sessionContext',
  'userIdentity.sessionContext.sessionIssuer',
  'userIdentity.sessionContext.sessionIssuer.type',
  'userIdentity.sessionContext.sessionIssuer.arn',
  'userIdentity.sessionContext.sessionIssuer.userName',
  'userIdentity.sessionContext.sessionIssuer.extra',
  'userIdentity.extra',
  'sourceIPAddress',
  'requestParameters',
  'requestParameters.userName',
  'requestParameters.policyArn',
  'requestParameters.extra',
  'responseElements',
  'responseElements.ConsoleLogin',
  'responseElements.accessKey',
  'errorCode',
  'errorMessage',
  'recipientAccountId',
  'resources',
  'resources.*',
  'resources.*.ARN',
  'resources.*.type',
  'resources.*.extra',
  'extra',
  '__proto__',
];

describe('reading a CloudTrail record by hand', () => {
  const records = fixtureEvents()
    .filter((e) => /^AWS (API Call|Console Sign In) via CloudTrail$/.test(String(e['detail-type'])))
    .map((e) => e.detail);

  it('accepts every fixture record as zod does, with the same value', () => {
    expect(records.length).toBeGreaterThan(20);
    for (const record of records)
      expect(expectSameAsZod(readCloudTrailRecord, CloudTrailRecordSchema, record)).toBe(true);
  });

  it('agrees with zod on 4,000 mutated records, accepted and refused alike', () => {
    const { accepted, refused } = mutationsAgree(
      readCloudTrailRecord,
      CloudTrailRecordSchema,
      records,
      PATHS,
      {
        rounds: 4000,
      },
    );
    expect(accepted).toBeGreaterThan(800);
    expect(refused).toBeGreaterThan(800);
  });
});
