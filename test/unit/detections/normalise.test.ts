import { describe, expect, it } from 'vitest';
import { normaliseEvent } from '../../../src/detections/normalise.js';
import { InvalidInputError } from '../../../src/domain/errors.js';
import { eventFixture, variant } from '../../support/fixtures.js';

describe('normalising an AWS Health AWS_RISK_CREDENTIALS_EXPOSED event', () => {
  it('yields one detection for the exposed key, reported by AWS itself', () => {
    const { detections, ignored } = normaliseEvent(eventFixture('aws.health', 'credentials-exposed'));
    expect(ignored).toEqual([]);
    expect(detections).toEqual([
      {
        accountId: '111122223333',
        region: 'us-east-1',
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        claimedUserName: 'alice',
        evidence: expect.objectContaining({
          source: 'aws.health',
          type: 'AWS_RISK_CREDENTIALS_EXPOSED',
          awsReportedExposed: true,
          eventId: '0f6c3c1e-8a57-4b7c-9e0a-6b1d2e3f4a5b',
          observedAt: '2026-11-28T09:01:40.000Z',
        }),
      },
    ]);
  });

  it('yields every key in affectedEntities, and says why it skips an entity that is not a key', () => {
    const { detections, ignored } = normaliseEvent(
      eventFixture('aws.health', 'credentials-exposed-several-keys'),
    );
    expect(detections.map((d) => d.accessKeyId)).toEqual(['AKIAIOSFODNN7EXAMPLE', 'AKIAJ2QXEXAMPLEKEY77']);
    expect(ignored).toEqual([
      {
        subject: 'arn:aws:iam::111122223333:user/ghost',
        reason: 'the affected entity is not an access key id',
      },
    ]);
  });

  it('falls back to the envelope time when startTime cannot be read', () => {
    const event = variant(eventFixture('aws.health', 'credentials-exposed'), (e) => {
      (e.detail as Record<string, unknown>).startTime = 'soon';
    });
    expect(normaliseEvent(event).detections[0]?.evidence.observedAt).toBe('2026-11-28T09:01:57Z');
  });
});

describe('normalising a GuardDuty finding', () => {
  it('yields a detection for an IAM user long-term key, with the caller address and the user GuardDuty names', () => {
    const { detections } = normaliseEvent(eventFixture('aws.guardduty', 'iam-user-tor-caller'));
    expect(detections).toHaveLength(1);
    expect(detections[0]).toMatchObject({
      accountId: '111122223333',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      claimedUserName: 'alice',
      claimedUserType: 'IAMUser',
      evidence: {
        source: 'aws.guardduty',
        type: 'UnauthorizedAccess:IAMUser/TorIPCaller',
        severity: 5,
        remoteIp: '198.51.100.7',
        awsReportedExposed: false,
      },
    });
  });

  it('does not take the IAMUser in the finding type for the holder: an assumed-role session is reported, not handled yet', () => {
    const { detections, ignored } = normaliseEvent(
      eventFixture('aws.guardduty', 'assumed-role-exfiltration-outside-aws'),
    );
    expect(detections).toEqual([]);
    expect(ignored[0]?.reason).toMatch(/AssumedRole credentials \(session key\) are not handled yet/);
  });

  it('ignores GuardDuty sample findings and archived findings', () => {
    expect(normaliseEvent(eventFixture('aws.guardduty', 'sample-finding')).ignored[0]?.reason).toBe(
      'GuardDuty sample finding',
    );
    const archived = variant(eventFixture('aws.guardduty', 'iam-user-tor-caller'), (e) => {
      ((e.detail as Record<string, unknown>).service as Record<string, unknown>).archived = true;
    });
    expect(normaliseEvent(archived).ignored[0]?.reason).toMatch(/archived/);
  });
});

describe('rejecting malformed events', () => {
  it('names what is wrong with the envelope', () => {
    const event = variant(eventFixture('aws.guardduty', 'iam-user-tor-caller'), (e) => {
      e.account = 'not-an-account';
    });
    expect(() => normaliseEvent(event)).toThrow(InvalidInputError);
    expect(() => normaliseEvent(event)).toThrow(/account: a 12-digit account id/);
  });

  it('names what is wrong with the detail', () => {
    const event = variant(eventFixture('aws.guardduty', 'iam-user-tor-caller'), (e) => {
      (e.detail as Record<string, unknown>).severity = 'high';
    });
    expect(() => normaliseEvent(event)).toThrow(/malformed aws.guardduty\/GuardDuty Finding event: severity/);
  });

  it('rejects what is not an event at all', () => {
    expect(() => normaliseEvent('hello')).toThrow(InvalidInputError);
    expect(() => normaliseEvent(null)).toThrow(InvalidInputError);
  });

  it('reports an event no detection handles instead of failing', () => {
    const event = variant(eventFixture('aws.health', 'credentials-exposed'), (e) => {
      e.source = 'aws.ec2';
    });
    expect(normaliseEvent(event).ignored[0]?.reason).toBe('no detection handles aws.ec2/AWS Health Event');
  });
});
