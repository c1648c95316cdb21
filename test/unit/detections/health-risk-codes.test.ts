import { describe, expect, it } from 'vitest';
import healthPattern from '../../../src/detections/health-credential-risk.json' with { type: 'json' };
import { HEALTH_RISK_CODES } from '../../../src/detections/health-event.js';
import { normaliseEvent } from '../../../src/detections/normalise.js';
import { detectionRules } from '../../../src/detections/rules.js';
import { compilePattern } from '../../../src/eventbus/pattern.js';
import { eventFixture, variant } from '../../support/fixtures.js';

const rules = detectionRules().map((r) => ({ name: r.name, pattern: compilePattern(r.pattern) }));
const routed = (event: unknown) => rules.filter((r) => r.pattern.matches(event)).map((r) => r.name);

/** The AWS Health RISK codes about credentials: AWS's own automation (aws-health-tools) and what AWS has sent. */
const CREDENTIAL_RISK_CODES = [
  'AWS_RISK_CREDENTIALS_EXPOSED',
  'AWS_RISK_CREDENTIALS_EXPOSURE_SUSPECTED',
  'AWS_RISK_CREDENTIALS_COMPROMISED',
  'AWS_RISK_CREDENTIALS_COMPROMISE_SUSPECTED',
  'AWS_RISK_IAM_QUARANTINE',
  'AWS_RISK_ACCOUNT_CONSOLE_COMPROMISE',
];

const compromise = () => eventFixture('aws.health', 'account-console-compromise');
const withCode = (code: string) =>
  variant(eventFixture('aws.health', 'credentials-exposed'), (e) => {
    (e.detail as Record<string, unknown>).eventTypeCode = code;
  });

describe('AWS Health risk events about credentials', () => {
  it.each(CREDENTIAL_RISK_CODES)('takes %s by the rule and reads it as a credential risk', (code) => {
    expect(healthPattern.detail.eventTypeCode).toContain(code);
    expect(routed(withCode(code))).toEqual(['health-credential-risk']);
    const { detections, ignored } = normaliseEvent(withCode(code));
    expect(ignored).toEqual([]);
    expect(detections[0]?.evidence.type).toBe(code);
  });

  it('has its rule and its normaliser know the same codes, and no other', () => {
    expect([...healthPattern.detail.eventTypeCode].sort()).toEqual([...CREDENTIAL_RISK_CODES].sort());
    expect([...HEALTH_RISK_CODES].sort()).toEqual([...CREDENTIAL_RISK_CODES].sort());
  });

  it("reads a console compromise naming the account as the account's root, which AWS suspects and a responder decides", () => {
    expect(routed(compromise())).toEqual(['health-credential-risk']);
    const [detection, more] = normaliseEvent(compromise()).detections;
    expect(more).toBeUndefined();
    expect(detection).toMatchObject({
      kind: 'root',
      accountId: '111122223333',
      principal: { type: 'Root', name: 'root', arn: 'arn:aws:iam::111122223333:root' },
      evidence: {
        source: 'aws.health',
        type: 'AWS_RISK_ACCOUNT_CONSOLE_COMPROMISE',
        awsReportedExposed: false,
        severity: 8,
      },
    });
    expect(detection?.accessKeyId).toBeUndefined();
    const noEntity = variant(compromise(), (e) => {
      (e.detail as Record<string, unknown>).affectedEntities = [];
    });
    expect(normaliseEvent(noEntity).detections.map((d) => d.kind)).toEqual(['root']);
  });

  it("reads a console compromise naming a user as that user's console sign-in, and a key as the key, and escalates what it cannot act on", () => {
    const user = variant(compromise(), (e) => {
      (e.detail as Record<string, unknown>).affectedEntities = [
        { entityValue: 'arn:aws:iam::111122223333:user/alice' },
        { entityValue: 'AKIAIOSFODNN7EXAMPLE' },
        { entityValue: 'i-0abcd1234ef567890' },
      ];
    });
    const { detections } = normaliseEvent(user);
    expect(detections.map((d) => [d.kind, d.principal.name ?? d.accessKeyId, d.unactionable])).toEqual([
      ['console-login', 'alice', undefined],
      ['iam-user-access-key', 'AKIAIOSFODNN7EXAMPLE', undefined],
      // What Rekey cannot act on still reaches responders, with the reason.
      ['iam-user-access-key', 'i-0abcd1234ef567890', expect.stringContaining('neither an access key id')],
    ]);
  });
});
