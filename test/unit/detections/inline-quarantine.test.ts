import { describe, expect, it } from 'vitest';
import { normaliseEvent } from '../../../src/detections/normalise.js';
import { detectionRules } from '../../../src/detections/rules.js';
import { compilePattern } from '../../../src/eventbus/pattern.js';
import { eventFixture, variant } from '../../support/fixtures.js';

const rules = detectionRules().map((r) => ({ name: r.name, pattern: compilePattern(r.pattern) }));
const routed = (event: unknown) => rules.filter((r) => r.pattern.matches(event)).map((r) => r.name);

/** AWS's older quarantine: an inline policy AWS puts on the user, as Panther's published rule test records it. */
const put = () => eventFixture('aws.cloudtrail', 'exposed-credential-policy-put');
const detail = (e: Record<string, unknown>) =>
  e.detail as Record<string, Record<string, unknown>> & {
    requestParameters: Record<string, unknown>;
  };

describe("AWS's inline quarantine (PutUserPolicy with the exposed-credential policy name)", () => {
  it('is taken by the quarantine rule and names the user, waiting for IAM to show the inline policy', () => {
    expect(routed(put())).toEqual(['cloudtrail-quarantine-policy']);
    const [detection, more] = normaliseEvent(put()).detections;
    expect(more).toBeUndefined();
    expect(detection).toMatchObject({
      kind: 'iam-user-access-key',
      accountId: '111122223333',
      principal: { type: 'IAMUser', name: 'alice', arn: 'arn:aws:iam::111122223333:user/alice' },
      evidence: {
        source: 'aws.cloudtrail',
        type: 'iam:PutUserPolicy',
        awsReportedExposed: true,
        severity: 9,
        toConfirm: { inlinePolicy: 'AWSExposedCredentialPolicy_DO_NOT_REMOVE' },
      },
    });
    expect(detection?.evidence.assertedBy).toBeUndefined();
    expect(detection?.accessKeyId).toBeUndefined();
  });

  it.each(['AWSCompromisedKeyQuarantine', 'AWSCompromisedKeyQuarantineV2', 'AWSCompromisedKeyQuarantineV3'])(
    'takes the inline policy named %s as the same quarantine',
    (policyName) => {
      const event = variant(put(), (e) => {
        detail(e).requestParameters.policyName = policyName;
      });
      expect(routed(event)).toEqual(['cloudtrail-quarantine-policy']);
      expect(normaliseEvent(event).detections[0]?.evidence.toConfirm).toEqual({ inlinePolicy: policyName });
    },
  );

  it("takes the subject from requestParameters, and anyone else's call as asserted by them, never AWS's", () => {
    const byAdmin = variant(put(), (e) => {
      detail(e).userIdentity = {
        type: 'AssumedRole',
        principalId: 'AROAADMINEXAMPLE0001:bob',
        arn: 'arn:aws:sts::111122223333:assumed-role/Admin/bob',
        accountId: '111122223333',
        accessKeyId: 'ASIAADMINSESSION0001',
        sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/Admin' } },
      };
    });
    const [detection] = normaliseEvent(byAdmin).detections;
    expect(detection?.principal.name).toBe('alice');
    expect(detection?.evidence).toMatchObject({
      awsReportedExposed: false,
      assertedBy: 'arn:aws:sts::111122223333:assumed-role/Admin/bob',
    });
    expect(detection?.evidence.severity).toBeLessThan(7);
    // Another user of the same account, whatever its client says, is not AWS either.
    const byMallory = variant(put(), (e) => {
      Object.assign(detail(e).userIdentity as object, {
        userName: 'mallory',
        arn: 'arn:aws:iam::111122223333:user/mallory',
        invokedBy: 'AWS Internal',
      });
      detail(e).sourceIPAddress = 'AWS Internal' as never;
    });
    expect(normaliseEvent(byMallory).detections[0]?.evidence).toMatchObject({
      awsReportedExposed: false,
      assertedBy: 'arn:aws:iam::111122223333:user/mallory',
    });
  });

  it('opens nothing for a refused call, nor for an inline policy of any other name', () => {
    const refused = variant(put(), (e) => {
      Object.assign(detail(e), { errorCode: 'AccessDenied', errorMessage: 'not authorized' });
    });
    expect(normaliseEvent(refused).detections).toEqual([]);
    expect(normaliseEvent(refused).ignored[0]?.reason).toMatch(/failed \(AccessDenied\)/);
    // Panther's negative case: an administrator's own deny-all inline policy.
    const other = variant(put(), (e) => {
      detail(e).requestParameters.policyName = 'TestUserDenyAll';
    });
    expect(routed(other)).toEqual([]);
    expect(normaliseEvent(other).ignored[0]?.reason).toMatch(/not an exposure Rekey detects/);
    const noParameters = variant(put(), (e) => {
      detail(e).requestParameters = null as never;
    });
    expect(normaliseEvent(noParameters).detections).toEqual([]);
  });
});
