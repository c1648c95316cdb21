import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { CloudTrailAuditTrail } from '../../../../src/adapters/aws/cloudtrail-audit-trail.js';

const record = (i: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    eventID: `e${i}`,
    eventTime: `2026-11-28T09:0${i}:00Z`,
    eventName: 'AssumeRole',
    eventSource: 'sts.amazonaws.com',
    awsRegion: 'us-east-1',
    userIdentity: {
      type: 'IAMUser',
      arn: 'arn:aws:iam::111122223333:user/alice',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    },
    requestParameters: { roleArn: 'arn:aws:iam::111122223333:role/deployer', roleSessionName: 'x' },
    responseElements: {
      credentials: {
        accessKeyId: 'ASIADEPLOYSESSION001',
        sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN',
        expiration: 'x',
      },
    },
    ...extra,
  });

describe('CloudTrail LookupEvents through the AuditTrail port', () => {
  it('looks up by access key in the window, pages, and keeps the session key id but never its token', async () => {
    const ct = mockClient(CloudTrailClient);
    ct.on(LookupEventsCommand)
      .resolvesOnce({ Events: [{ CloudTrailEvent: record(2) }], NextToken: 'next' })
      .resolvesOnce({ Events: [{ CloudTrailEvent: record(1) }] });
    const trail = new CloudTrailAuditTrail({
      client: new CloudTrailClient({ region: 'us-east-1' }),
      region: 'us-east-1',
    });
    const events = await trail.eventsByAccessKey(
      'AKIAIOSFODNN7EXAMPLE',
      new Date('2026-11-28T08:00:00Z'),
      new Date('2026-11-28T10:00:00Z'),
      100,
    );
    expect(events.map((e) => e.eventId)).toEqual(['e1', 'e2']);
    expect(events[0]).toMatchObject({
      assumedRoleArn: 'arn:aws:iam::111122223333:role/deployer',
      issuedAccessKeyId: 'ASIADEPLOYSESSION001',
    });
    expect(JSON.stringify(events)).not.toContain('FwoGZXIvYXdz');
    expect(ct.commandCalls(LookupEventsCommand)[0]?.args[0].input).toMatchObject({
      LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: 'AKIAIOSFODNN7EXAMPLE' }],
      StartTime: new Date('2026-11-28T08:00:00Z'),
    });
  });

  it('stops at its bound', async () => {
    const ct = mockClient(CloudTrailClient);
    ct.on(LookupEventsCommand).resolves({
      Events: [1, 2, 3].map((i) => ({ CloudTrailEvent: record(i) })),
      NextToken: 'more',
    });
    const trail = new CloudTrailAuditTrail({
      client: new CloudTrailClient({ region: 'us-east-1' }),
      region: 'us-east-1',
    });
    const events = await trail.eventsByAccessKey('AKIAIOSFODNN7EXAMPLE', new Date(0), new Date(), 5);
    expect(events).toHaveLength(5);
    expect(ct.commandCalls(LookupEventsCommand)).toHaveLength(2);
  });
});
