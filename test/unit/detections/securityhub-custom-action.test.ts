import { describe, expect, it } from 'vitest';
import { normaliseEvent } from '../../../src/detections/normalise.js';
import { detectionRules } from '../../../src/detections/rules.js';
import { InvalidInputError } from '../../../src/domain/errors.js';
import { compilePattern } from '../../../src/eventbus/pattern.js';
import { eventFixture, variant } from '../../support/fixtures.js';

const rules = detectionRules().map((r) => ({ name: r.name, pattern: compilePattern(r.pattern) }));
const routed = (event: unknown) => rules.filter((r) => r.pattern.matches(event)).map((r) => r.name);

const ACTION = 'arn:aws:securityhub:us-east-1:111122223333:action/custom/rekey';
/** A responder selected a GuardDuty finding in the Security Hub console and chose Rekey's custom action. */
const sent = () => eventFixture('aws.securityhub', 'custom-action-guardduty-finding');
const finding = (e: Record<string, unknown>) =>
  (e.detail as { findings: Array<Record<string, unknown>> }).findings[0] as Record<string, unknown>;

describe('Security Hub "Findings - Custom Action" (a responder sends a finding to Rekey)', () => {
  it("is taken by Rekey's own custom action only, and by no rule for imported findings", () => {
    expect(routed(sent())).toEqual(['securityhub-custom-action']);
    const otherAction = variant(sent(), (e) => {
      e.resources = ['arn:aws:securityhub:us-east-1:111122223333:action/custom/SendToJira'];
    });
    expect(routed(otherAction)).toEqual([]);
  });

  it('reads the GuardDuty copy as the imported copy is read, asserted by the custom action: never AWS reporting it', () => {
    const [detection, more] = normaliseEvent(sent()).detections;
    expect(more).toBeUndefined();
    const [imported] = normaliseEvent(
      eventFixture('aws.securityhub', 'guardduty-tor-caller-imported'),
    ).detections;
    expect(detection).toMatchObject({
      kind: imported?.kind,
      accountId: '111122223333',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      principal: imported?.principal,
      evidence: {
        source: 'aws.securityhub',
        type: 'UnauthorizedAccess:IAMUser/TorIPCaller',
        guardDutyFindingId: '7ac6f0e1d2b34c5a8e9f0a1b2c3d4e5f',
        severity: imported?.evidence.severity,
        awsReportedExposed: false,
        assertedBy: `Security Hub custom action ${ACTION}`,
      },
    });
    expect(detection?.evidence.summary).toMatch(/sent to Rekey from Security Hub \(Send to Rekey\)/);
  });

  it("applies the provider-field rules: AWS's own integration only, the provider's types and severity band", () => {
    const custom = variant(sent(), (e) => {
      Object.assign(finding(e), {
        ProductArn: 'arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default',
        ProductName: 'GuardDuty',
      });
    });
    expect(normaliseEvent(custom).detections).toEqual([]);
    expect(normaliseEvent(custom).ignored[0]?.reason).toMatch(/not a GuardDuty credential finding/);
    const edited = variant(sent(), (e) => {
      Object.assign(finding(e), {
        Types: ['TTPs/Initial Access/UnauthorizedAccess:IAMUser-MaliciousIPCaller.Custom'],
        Severity: { Label: 'CRITICAL', Normalized: 90, Product: 9 },
      });
    });
    const [detection] = normaliseEvent(edited).detections;
    expect(detection?.evidence.type).toBe('UnauthorizedAccess:IAMUser/TorIPCaller');
    expect(detection?.evidence.severity).toBeLessThan(7);
  });

  it('says why it acts on none of the findings that name no AWS credential, are archived or are samples', () => {
    const control = variant(sent(), (e) => {
      Object.assign(finding(e), {
        ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub',
        ProductName: 'Security Hub',
      });
    });
    expect(normaliseEvent(control).ignored[0]?.reason).toMatch(/Security Hub finding, not a GuardDuty/);
    const archived = variant(sent(), (e) => {
      finding(e).RecordState = 'ARCHIVED';
    });
    expect(normaliseEvent(archived).ignored[0]?.reason).toMatch(/archived/);
    const sample = variant(sent(), (e) => {
      (finding(e).ProductFields as Record<string, string>)['aws/guardduty/service/additionalInfo/sample'] =
        'true';
    });
    expect(normaliseEvent(sample).detections[0]?.evidence.sample).toBe(true);
  });

  it('reads every finding a responder sent at once, and rejects an action that carries none', () => {
    const two = variant(sent(), (e) => {
      const copy = structuredClone(finding(e));
      const resource = (copy.Resources as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
      resource.Id = 'AWS::IAM::AccessKey:AKIAJ2QXEXAMPLEKEY77';
      (resource.Details as { AwsIamAccessKey: Record<string, string> }).AwsIamAccessKey.PrincipalName = 'bob';
      (e.detail as { findings: unknown[] }).findings.push(copy);
    });
    expect(normaliseEvent(two).detections.map((d) => d.accessKeyId)).toEqual([
      'AKIAIOSFODNN7EXAMPLE',
      'AKIAJ2QXEXAMPLEKEY77',
    ]);
    const none = variant(sent(), (e) => {
      (e.detail as { findings: unknown[] }).findings = [];
    });
    expect(() => normaliseEvent(none)).toThrow(InvalidInputError);
  });
});
