import { describe, expect, it } from 'vitest';
import { materialToEvents } from '../../../src/detections/material.js';
import { normaliseEvent } from '../../../src/detections/normalise.js';
import { detectionRules } from '../../../src/detections/rules.js';
import { compilePattern } from '../../../src/eventbus/pattern.js';
import { eventFixture, variant } from '../../support/fixtures.js';

const rules = detectionRules().map((r) => ({ name: r.name, pattern: compilePattern(r.pattern) }));
const routed = (event: unknown) => rules.filter((r) => r.pattern.matches(event)).map((r) => r.name);

const FILE = 'attack-sequence-iam-compromised-credentials';
const sequenceOf = (e: Record<string, unknown>) =>
  (e.detail as { service: { detection: { sequence: Record<string, unknown[]> } } }).service.detection
    .sequence;

describe('GuardDuty AttackSequence:IAM/CompromisedCredentials (Extended Threat Detection)', () => {
  it('is taken by its own rule, though its resource is the sequence and not an access key', () => {
    expect(routed(eventFixture('aws.guardduty', FILE))).toEqual(['guardduty-attack-sequence']);
    const s3Sequence = variant(eventFixture('aws.guardduty', FILE), (e) => {
      (e.detail as Record<string, unknown>).type = 'AttackSequence:S3/CompromisedData';
    });
    expect(routed(s3Sequence)).toEqual([]);
  });

  it('names every credential its actors used, each as the evidence says it is: a user key and a role session', () => {
    const { detections, ignored } = normaliseEvent(eventFixture('aws.guardduty', FILE));
    expect(ignored).toEqual([]);
    expect(detections).toEqual([
      expect.objectContaining({
        kind: 'iam-user-access-key',
        accountId: '111122223333',
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        principal: expect.objectContaining({
          type: 'IAMUser',
          name: 'alice',
          principalId: 'AIDACKCEVSQ6C2EXAMPLE',
        }),
      }),
      expect.objectContaining({
        kind: 'role-session',
        accessKeyId: 'ASIADEPLOYSESSION042',
        principal: expect.objectContaining({
          type: 'AssumedRole',
          name: 'deploy-role',
          arn: 'arn:aws:iam::111122223333:role/deploy-role',
          sessionName: 'ci-run-42',
        }),
      }),
    ]);
    for (const { evidence } of detections)
      expect(evidence).toMatchObject({
        source: 'aws.guardduty',
        type: 'AttackSequence:IAM/CompromisedCredentials',
        reportId: 'b3c8e1f04a2d4c6e9f7a1b2c3d4e5f60',
        guardDutyFindingId: 'b3c8e1f04a2d4c6e9f7a1b2c3d4e5f60',
        severity: 9,
        awsReportedExposed: false,
        sample: false,
      });
    expect(detections[0]?.evidence.summary).toMatch(
      /UnauthorizedAccess:IAMUser\/TorIPCaller, iam:CreateRole, iam:AttachRolePolicy, cloudtrail:DeleteTrail/,
    );
  });

  it("takes an access key the sequence names as a resource, once, a user's session as the user's, and says why it leaves out what it cannot contain", () => {
    const more = variant(eventFixture('aws.guardduty', FILE), (e) => {
      const sequence = sequenceOf(e);
      sequence.actors = [
        {
          id: 'USER:AIDAROOTEXAMPLE',
          user: {
            name: 'svc',
            uid: 'AIDASVCEXAMPLE00001',
            type: 'IAMUser',
            credentialUid: 'ASIASVCSESSION000001',
          },
        },
        { id: 'USER:AWS', user: { name: 'ec2.amazonaws.com', uid: 'ec2.amazonaws.com', type: 'AWSService' } },
      ];
      (sequence.resources as unknown[]).push({
        uid: 'AKIAJ2QXEXAMPLEKEY77',
        resourceType: 'ACCESS_KEY',
        accountId: '111122223333',
        data: { accessKey: { principalId: 'AIDABOBEXAMPLE00001', userName: 'bob', userType: 'IAMUser' } },
      });
    });
    const { detections, ignored } = normaliseEvent(more);
    expect(detections.map((d) => [d.kind, d.accessKeyId ?? d.sessionKeyId, d.principal.name])).toEqual([
      // svc's own session: contained through the key that minted it, found at triage.
      ['iam-user-access-key', 'ASIASVCSESSION000001', 'svc'],
      ['iam-user-access-key', 'AKIAIOSFODNN7EXAMPLE', 'alice'],
      ['iam-user-access-key', 'AKIAJ2QXEXAMPLEKEY77', 'bob'],
    ]);
    expect(detections[0]?.sessionKeyId).toBe('ASIASVCSESSION000001');
    expect(ignored.map((i) => i.reason).join('\n')).toMatch(/AWS service principal/);
    // What an actor leaves out, the access key resource of the same key fills in.
    const sparse = variant(eventFixture('aws.guardduty', FILE), (e) => {
      const [alice] = sequenceOf(e).actors as Array<{ user: Record<string, unknown> }>;
      if (alice) delete alice.user.uid;
    });
    expect(normaliseEvent(sparse).detections[0]?.principal.principalId).toBe('AIDACKCEVSQ6C2EXAMPLE');
  });

  it('recognises a sample and an archived sequence, and a sequence that names no credential, without acting', () => {
    const sample = variant(eventFixture('aws.guardduty', FILE), (e) => {
      (
        (e.detail as { service: Record<string, unknown> }).service.additionalInfo as Record<string, unknown>
      ).sample = true;
    });
    expect(normaliseEvent(sample).detections.every((d) => d.evidence.sample)).toBe(true);
    const archived = variant(eventFixture('aws.guardduty', FILE), (e) => {
      (e.detail as { service: Record<string, unknown> }).service.archived = true;
    });
    expect(normaliseEvent(archived).detections).toEqual([]);
    expect(normaliseEvent(archived).ignored[0]?.reason).toMatch(/archived/);
    const nobody = variant(eventFixture('aws.guardduty', FILE), (e) => {
      sequenceOf(e).actors = [];
      sequenceOf(e).resources = [];
    });
    expect(normaliseEvent(nobody).ignored).toEqual([
      { subject: 'b3c8e1f04a2d4c6e9f7a1b2c3d4e5f60', reason: expect.stringMatching(/names no credential/) },
    ]);
  });

  it('reads the raw finding (get-findings, PascalCase) as it reads the event', () => {
    const raw = eventFixture('aws.guardduty', FILE).detail;
    const pascal = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(pascal)
        : value && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), pascal(v)]),
            )
          : value;
    const { events } = materialToEvents([{ Findings: [pascal(raw)] }], {
      account: '111122223333',
      region: 'us-east-1',
      now: new Date('2026-11-28T12:00:00Z'),
    });
    expect(normaliseEvent(events[0]?.event).detections.map((d) => d.accessKeyId)).toEqual([
      'AKIAIOSFODNN7EXAMPLE',
      'ASIADEPLOYSESSION042',
    ]);
  });
});
