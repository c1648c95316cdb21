import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import {
  CloudTrailAuditTrail,
  cloudTrailAuditTrailWith,
} from '../../../../src/adapters/aws/cloudtrail-audit-trail.js';
import { LOOKUP_WINDOW_MS } from '../../../../src/adapters/aws/lookup-pace.js';
import { auditEventOf } from '../../../../src/domain/cloudtrail-record.js';

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
    const { events, truncated } = await trail.eventsByAccessKey(
      'AKIAIOSFODNN7EXAMPLE',
      new Date('2026-11-28T08:00:00Z'),
      new Date('2026-11-28T10:00:00Z'),
      100,
    );
    expect(truncated).toBe(false);
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

  it('stops at its bound and says the oldest events (CloudTrail answers newest first) were not read', async () => {
    const ct = mockClient(CloudTrailClient);
    ct.on(LookupEventsCommand).resolves({
      Events: [3, 2, 1].map((i) => ({ CloudTrailEvent: record(i) })),
      NextToken: 'more',
    });
    const trail = new CloudTrailAuditTrail({
      client: new CloudTrailClient({ region: 'us-east-1' }),
      region: 'us-east-1',
    });
    const { events, truncated } = await trail.eventsByAccessKey(
      'AKIAIOSFODNN7EXAMPLE',
      new Date(0),
      new Date(),
      5,
    );
    expect(events).toHaveLength(5);
    expect(truncated).toBe(true);
    expect(ct.commandCalls(LookupEventsCommand)).toHaveLength(2);
  });

  it("finds the calls on a role by its ARN (ResourceName), and a key made for its caller by the response's user", async () => {
    const ct = mockClient(CloudTrailClient);
    ct.on(LookupEventsCommand).resolves({
      Events: [
        {
          CloudTrailEvent: record(4, {
            eventName: 'CreateAccessKey',
            eventSource: 'iam.amazonaws.com',
            requestParameters: null,
            responseElements: {
              accessKey: { accessKeyId: 'AKIACALLERKEY0000001', status: 'Active', userName: 'alice' },
            },
          }),
        },
      ],
    });
    const trail = new CloudTrailAuditTrail({
      client: new CloudTrailClient({ region: 'us-east-1' }),
      region: 'us-east-1',
    });
    const { events } = await trail.eventsByResource(
      'arn:aws:iam::111122223333:role/deployer',
      new Date(0),
      new Date(),
      10,
    );
    expect(events[0]).toMatchObject({ createdAccessKeyId: 'AKIACALLERKEY0000001', targetUser: 'alice' });
    expect(ct.commandCalls(LookupEventsCommand)[0]?.args[0].input.LookupAttributes).toEqual([
      { AttributeKey: 'ResourceName', AttributeValue: 'arn:aws:iam::111122223333:role/deployer' },
    ]);
  });

  it("finds an Identity Center user's role sessions by user name (CloudTrail's Username: the session's name)", async () => {
    const ct = mockClient(CloudTrailClient);
    const sso =
      'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0a1b2c3d4e5f6a7b';
    ct.on(LookupEventsCommand).resolves({
      Events: [
        {
          Username: 'carol@example.com',
          CloudTrailEvent: record(5, {
            userIdentity: {
              type: 'AssumedRole',
              principalId: 'AROAEXAMPLEID:carol@example.com',
              arn: 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0a1b2c3d4e5f6a7b/carol@example.com',
              accessKeyId: 'ASIACAROLPORTAL00001',
              sessionContext: {
                sessionIssuer: { type: 'Role', arn: sso, userName: 'AWSReservedSSO_Admin_0a1b2c3d4e5f6a7b' },
              },
            },
          }),
        },
      ],
    });
    const trail = new CloudTrailAuditTrail({
      client: new CloudTrailClient({ region: 'us-east-1' }),
      region: 'us-east-1',
    });
    const { events } = await trail.eventsByUser('carol@example.com', new Date(0), new Date(), 10);
    expect(events[0]).toMatchObject({ accessKeyId: 'ASIACAROLPORTAL00001', sessionIssuerArn: sso });
    expect(ct.commandCalls(LookupEventsCommand)[0]?.args[0].input.LookupAttributes).toEqual([
      { AttributeKey: 'Username', AttributeValue: 'carol@example.com' },
    ]);
  });

  it('keeps the secrets a read names: GetSecretValue its one, BatchGetSecretValue its list, none by filter', () => {
    const read = (eventName: string, requestParameters: Record<string, unknown>) =>
      auditEventOf(
        {
          ...JSON.parse(record(1)),
          eventSource: 'secretsmanager.amazonaws.com',
          eventName,
          requestParameters,
          responseElements: null,
        },
        'us-east-1',
      ).secretIds;
    expect(read('GetSecretValue', { secretId: 'prod/orders/db' })).toEqual(['prod/orders/db']);
    expect(read('BatchGetSecretValue', { secretIdList: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(read('BatchGetSecretValue', { filters: [{ key: 'tag-key', values: ['team'] }] })).toEqual([]);
    expect(read('DescribeSecret', { secretId: 'prod/orders/db' })).toBeUndefined();
  });

  it('paces its requests, pages and concurrent lookups alike, so CloudTrail (two a second) throttles none', async () => {
    // A virtual clock: when nothing else can run, it moves to the earliest wait's end and wakes that waiter.
    let now = 0;
    const waiting: Array<{ until: number; wake: () => void }> = [];
    const pace = {
      now: () => now,
      sleep: (ms: number) => new Promise<void>((wake) => waiting.push({ until: now + ms, wake })),
    };
    const settled = async <T>(work: Promise<T>): Promise<T> => {
      let done = false;
      const result = work.finally(() => {
        done = true;
      });
      while (!done) {
        await new Promise((resolve) => setImmediate(resolve));
        waiting.sort((a, b) => a.until - b.until);
        const next = waiting.shift();
        if (next) {
          now = Math.max(now, next.until);
          next.wake();
        }
      }
      return result;
    };
    const sent: number[] = [];
    const ct = mockClient(CloudTrailClient);
    // As CloudTrail: a third request within a second is throttled.
    ct.on(LookupEventsCommand).callsFake((input: { NextToken?: string }) => {
      if (sent.filter((at) => at > now - 1000).length >= 2)
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      sent.push(now);
      const page = Number(input.NextToken ?? 0);
      return {
        Events: [{ CloudTrailEvent: record(page) }],
        ...(page < 3 ? { NextToken: String(page + 1) } : {}),
      };
    });
    const trail = new CloudTrailAuditTrail({
      client: new CloudTrailClient({ region: 'us-east-1' }),
      region: 'us-east-1',
      pace,
    });
    const [byKey, byUser] = await settled(
      Promise.all([
        trail.eventsByAccessKey('AKIAIOSFODNN7EXAMPLE', new Date(0), new Date(), 100),
        trail.eventsByUser('alice', new Date(0), new Date(), 100),
      ]),
    );
    expect(byKey.events).toHaveLength(4);
    expect(byUser.events).toHaveLength(4);
    expect(sent).toHaveLength(8);
    // Two at once, as AWS allows (no wait where none is needed); never a third within the window.
    expect(sent.slice(0, 2)).toEqual([0, 0]);
    for (let i = 2; i < sent.length; i += 1)
      expect((sent[i] as number) - (sent[i - 2] as number)).toBeGreaterThanOrEqual(LOOKUP_WINDOW_MS);
    // Another account's history (its own two a second): its first request waits for nothing.
    sent.length = 0;
    const fresh = new CloudTrailAuditTrail({
      client: new CloudTrailClient({ region: 'us-east-1' }),
      region: 'us-east-1',
      pace,
    });
    const before = now;
    await settled(fresh.eventsByName('CreateAccessKey', new Date(0), new Date(), 1));
    expect(sent[0]).toBe(before);
  });

  it("gives its client more attempts than the SDK's default three: concurrent functions share the two a second", async () => {
    const trail = cloudTrailAuditTrailWith({ region: 'eu-west-1' }, 'eu-west-1') as unknown as {
      options: { client: CloudTrailClient };
    };
    expect(await trail.options.client.config.maxAttempts()).toBe(5);
    expect(await trail.options.client.config.region()).toBe('eu-west-1');
  });
});
