import { describe, expect, it } from 'vitest';
import { normaliseEvent } from '../../../src/detections/normalise.js';
import { detectionRules } from '../../../src/detections/rules.js';
import { InvalidInputError } from '../../../src/domain/errors.js';
import { compilePattern } from '../../../src/eventbus/pattern.js';
import { eventFixture, variant } from '../../support/fixtures.js';
import { fixtureEvents } from '../../support/material.js';

const settings = { secretReadAllowlist: ['arn:aws:iam::111122223333:role/app-*'] };
const rules = detectionRules(settings).map((r) => ({ name: r.name, pattern: compilePattern(r.pattern) }));
const routed = (event: unknown) => rules.filter((r) => r.pattern.matches(event)).map((r) => r.name);

const SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/payments/db-AbCdEf';

/** Every positive fixture: the rule that takes it, and what it says was exposed and who holds it. */
const positives: Array<[string, string, Record<string, unknown>]> = [
  [
    'aws.guardduty/iam-user-tor-caller.json',
    'guardduty-credential-finding',
    {
      kind: 'iam-user-access-key',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      principal: { type: 'IAMUser', name: 'alice' },
    },
  ],
  [
    'aws.guardduty/iam-user-anomalous-behavior.json',
    'guardduty-credential-finding',
    { kind: 'iam-user-access-key', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', evidence: { severity: 8 } },
  ],
  [
    'aws.guardduty/iam-user-malicious-ip-caller-custom.json',
    'guardduty-credential-finding',
    { kind: 'iam-user-access-key', principal: { name: 'alice' } },
  ],
  [
    'aws.guardduty/iam-user-session-malicious-ip.json',
    'guardduty-credential-finding',
    {
      kind: 'iam-user-access-key',
      sessionKeyId: 'ASIAQNZGKIQY56JQ7WML',
      principal: { type: 'IAMUser', name: 'alice' },
    },
  ],
  [
    'aws.guardduty/federated-user-anomalous.json',
    'guardduty-credential-finding',
    {
      kind: 'iam-user-access-key',
      sessionKeyId: 'ASIAFEDUSER000000001',
      principal: {
        type: 'FederatedUser',
        name: 'contractor-bob',
        arn: 'arn:aws:sts::111122223333:federated-user/contractor-bob',
      },
    },
  ],
  [
    'aws.guardduty/cloudtrail-logging-disabled.json',
    'guardduty-credential-finding',
    { kind: 'iam-user-access-key', evidence: { type: 'Stealth:IAMUser/CloudTrailLoggingDisabled' } },
  ],
  [
    'aws.guardduty/instance-credential-exfiltration-inside-aws.json',
    'guardduty-credential-finding',
    {
      kind: 'instance-credentials',
      instanceId: 'i-0abcd1234ef567890',
      principal: {
        type: 'AssumedRole',
        name: 'web-app-instance-role',
        arn: 'arn:aws:iam::111122223333:role/web-app-instance-role',
      },
    },
  ],
  [
    'aws.guardduty/assumed-role-exfiltration-outside-aws.json',
    'guardduty-credential-finding',
    { kind: 'instance-credentials', principal: { name: 'web-app-instance-role' } },
  ],
  [
    'aws.guardduty/pentest-kali-assumed-role.json',
    'guardduty-credential-finding',
    {
      kind: 'role-session',
      principal: { type: 'AssumedRole', name: 'deploy-role', sessionName: 'ci-run-42' },
    },
  ],
  [
    'aws.guardduty/identity-center-session-tor-caller.json',
    'guardduty-credential-finding',
    {
      kind: 'identity-center-session',
      accessKeyId: 'ASIASSOALICEADMIN001',
      principal: {
        type: 'AssumedRole',
        name: 'AWSReservedSSO_AdministratorAccess_1a2b3c4d5e6f7a8b',
        sessionName: 'alice@example.com',
      },
    },
  ],
  [
    'aws.guardduty/root-credential-usage.json',
    'guardduty-credential-finding',
    { kind: 'root', principal: { type: 'Root', arn: 'arn:aws:iam::111122223333:root' } },
  ],
  [
    'aws.guardduty/console-login-success-b.json',
    'guardduty-credential-finding',
    { kind: 'console-login', principal: { type: 'IAMUser', name: 'alice' } },
  ],
  [
    'aws.guardduty/raw-console-export.json',
    'guardduty-credential-finding',
    { kind: 'iam-user-access-key', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
  ],
  [
    'aws.guardduty/raw-get-findings.json',
    'guardduty-credential-finding',
    {
      kind: 'iam-user-access-key',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      evidence: { remoteIp: '203.0.113.45' },
    },
  ],
  [
    'aws.health/credentials-exposed.json',
    'health-credential-risk',
    {
      kind: 'iam-user-access-key',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      evidence: { awsReportedExposed: true, severity: 9 },
    },
  ],
  [
    'aws.health/credentials-compromised.json',
    'health-credential-risk',
    { evidence: { type: 'AWS_RISK_CREDENTIALS_COMPROMISED', awsReportedExposed: true } },
  ],
  [
    'aws.health/credentials-exposure-suspected.json',
    'health-credential-risk',
    { evidence: { awsReportedExposed: false, severity: 7 } },
  ],
  [
    'aws.health/credentials-compromise-suspected.json',
    'health-credential-risk',
    { evidence: { awsReportedExposed: false, severity: 7 } },
  ],
  [
    'aws.health/iam-quarantine.json',
    'health-credential-risk',
    { kind: 'iam-user-access-key', evidence: { type: 'AWS_RISK_IAM_QUARANTINE', awsReportedExposed: true } },
  ],
  [
    'aws.securityhub/guardduty-tor-caller-imported.json',
    'securityhub-guardduty-credential-finding',
    {
      kind: 'iam-user-access-key',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      evidence: {
        source: 'aws.securityhub',
        type: 'UnauthorizedAccess:IAMUser/TorIPCaller',
        guardDutyFindingId: '7ac6f0e1d2b34c5a8e9f0a1b2c3d4e5f',
      },
    },
  ],
  [
    'aws.securityhub/raw-get-findings.json',
    'securityhub-guardduty-credential-finding',
    { kind: 'iam-user-access-key', evidence: { guardDutyFindingId: '7ac6f0e1d2b34c5a8e9f0a1b2c3d4e5f' } },
  ],
  [
    'aws.cloudtrail/quarantine-policy-attached.json',
    'cloudtrail-quarantine-policy',
    {
      kind: 'iam-user-access-key',
      principal: { type: 'IAMUser', name: 'alice' },
      evidence: { awsReportedExposed: true },
    },
  ],
  [
    'aws.cloudtrail/get-secret-value.json',
    'cloudtrail-secret-read',
    { kind: 'secret', secretArn: SECRET, principal: { type: 'AssumedRole', name: 'deploy-role' } },
  ],
  [
    'aws.cloudtrail/root-console-login.json',
    'cloudtrail-root-activity',
    { kind: 'root', principal: { type: 'Root' } },
  ],
  [
    'aws.cloudtrail/root-create-access-key.json',
    'cloudtrail-root-activity',
    { kind: 'root', accessKeyId: 'AKIAROOTNEWKEY000001' },
  ],
  [
    'aws.cloudtrail/single-record.json',
    'cloudtrail-root-activity',
    { kind: 'root', accessKeyId: 'AKIAROOTNEWKEY000001' },
  ],
  [
    'rekey.report/trufflehog.jsonl',
    'scanner-report',
    {
      kind: 'iam-user-access-key',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      evidence: {
        source: 'rekey.scanner',
        location: {
          repository: 'https://github.com/example-org/payments-tools',
          file: 'config/deploy.env',
          line: 12,
        },
      },
    },
  ],
  [
    'rekey.report/gitleaks.json',
    'scanner-report',
    {
      kind: 'iam-user-access-key',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      evidence: { source: 'rekey.scanner' },
    },
  ],
];

describe.each(positives)('%s', (file, rule, expected) => {
  it(`is taken by ${rule} and names the exposed credential and its holder`, () => {
    const { events } = fixtureEvents(file);
    const [first] = events;
    expect(first).toBeDefined();
    expect(routed(first?.event)).toEqual([rule]);
    const { detections } = normaliseEvent(first?.event, settings);
    expect(detections[0]).toMatchObject(expected);
  });
});

/** Near-misses: no rule takes them, or the normaliser finds nothing to act on, with a reason. */
const nearMisses: Array<[string, RegExp]> = [
  ['aws.guardduty/rds-anomalous-login.json', /RDSDBInstance resource, not an AWS credential/],
  ['aws.guardduty/kubernetes-malicious-ip.json', /EKSCluster resource, not an AWS credential/],
  ['aws.guardduty/s3-anomalous-with-access-key.json', /S3Bucket resource, not an AWS credential/],
  ['aws.guardduty/aws-service-caller.json', /AWS service principal/],
  ['aws.guardduty/hidden-principal.json', /HIDDEN_DUE_TO_SECURITY_REASONS/],
  ['aws.health/unrelated-ec2-event.json', /not a credential risk/],
  ['aws.securityhub/key-rotation-control-failed.json', /not a GuardDuty credential finding/],
  ['aws.cloudtrail/other-policy-attached.json', /not an exposure Rekey detects/],
  ['aws.cloudtrail/iam-user-console-login.json', /not an exposure Rekey detects/],
  ['aws.cloudtrail/user-create-access-key.json', /not an exposure Rekey detects/],
];

describe.each(nearMisses)('%s', (file, reason) => {
  it('yields no exposure, and says why', () => {
    const [first] = fixtureEvents(file).events;
    const { detections, ignored } = normaliseEvent(first?.event, settings);
    expect(detections).toEqual([]);
    expect(ignored.map((i) => i.reason).join('\n')).toMatch(reason);
  });
});

describe('details that decide correctness', () => {
  it('turns a Health event naming several keys into one detection per key, and says what it skips', () => {
    const { detections } = normaliseEvent(eventFixture('aws.health', 'credentials-exposed-several-keys'));
    expect(detections.map((d) => d.accessKeyId ?? d.principal.name)).toEqual([
      'AKIAIOSFODNN7EXAMPLE',
      'AKIAJ2QXEXAMPLEKEY77',
      'ghost',
    ]);
  });

  it("names a user's session key as the session, never as the key to deactivate (the key that minted it is)", () => {
    for (const event of [
      eventFixture('aws.guardduty', 'iam-user-session-malicious-ip'),
      eventFixture('aws.guardduty', 'federated-user-anomalous'),
      variant(eventFixture('aws.health', 'credentials-exposed'), (e) => {
        (e.detail as { affectedEntities: unknown }).affectedEntities = [
          { entityValue: 'ASIAQNZGKIQY56JQ7WML' },
        ];
      }),
    ]) {
      const [detection] = normaliseEvent(event).detections;
      expect(detection).toMatchObject({
        kind: 'iam-user-access-key',
        sessionKeyId: expect.stringMatching(/^ASIA/),
      });
      expect(detection?.accessKeyId).toBeUndefined();
      expect(detection?.unactionable).toBeUndefined();
    }
  });

  it("names a role session's caller by its role, never by the source identity the caller chose", () => {
    const [first] = fixtureEvents('aws.cloudtrail/get-secret-value.json').events;
    const claimed = variant(first?.event as { detail: { userIdentity: { sessionContext: object } } }, (e) => {
      Object.assign(e.detail.userIdentity.sessionContext, { sourceIdentity: 'alice' });
    });
    const [detection] = normaliseEvent(claimed, settings).detections;
    expect(detection?.principal).toMatchObject({ type: 'AssumedRole', name: 'deploy-role' });
    expect(JSON.stringify(detection)).not.toContain('alice');
  });

  it('marks sample findings as samples', () => {
    const { detections } = normaliseEvent(eventFixture('aws.guardduty', 'sample-finding'));
    expect(detections[0]?.evidence.sample).toBe(true);
  });

  it("names an Identity Center role's session after its user, or escalates when the finding hides who that is", () => {
    const named = normaliseEvent(eventFixture('aws.guardduty', 'identity-center-session-tor-caller'));
    expect(named.detections[0]).toMatchObject({ kind: 'identity-center-session' });
    expect(named.detections[0]?.unactionable).toBeUndefined();
    const unnamed = variant(eventFixture('aws.guardduty', 'identity-center-session-tor-caller'), (e) => {
      const detail = e.detail as { resource: { accessKeyDetails: Record<string, unknown> } };
      delete detail.resource.accessKeyDetails.principalId;
    });
    expect(normaliseEvent(unnamed).detections[0]).toMatchObject({
      kind: 'identity-center-session',
      unactionable: expect.stringMatching(/not its session/),
    });
  });

  it('takes the subject of an IAM action done to another user from requestParameters, not userIdentity', () => {
    const [first] = fixtureEvents('aws.cloudtrail/quarantine-policy-attached.json').events;
    const event = variant(first?.event as Record<string, unknown>, (e) => {
      ((e.detail as Record<string, unknown>).userIdentity as Record<string, unknown>).userName = 'admin';
    });
    expect(normaliseEvent(event).detections[0]?.principal.name).toBe('alice');
  });

  it('never takes what a caller asked for, or claims, as what happened', () => {
    const failed = normaliseEvent(eventFixture('aws.cloudtrail', 'quarantine-policy-attach-denied'));
    expect(failed.detections).toEqual([]);
    expect(failed.ignored[0]?.reason).toMatch(/failed \(AccessDenied\): an attempt, not a change/);
    const rootKeyRefused = variant(eventFixture('aws.cloudtrail', 'root-create-access-key'), (e) => {
      Object.assign(e.detail as object, { errorCode: 'AccessDenied', responseElements: null });
    });
    expect(normaliseEvent(rootKeyRefused).detections).toEqual([]);
    const [aws] = normaliseEvent(eventFixture('aws.cloudtrail', 'quarantine-policy-attached')).detections;
    expect(aws?.evidence).toMatchObject({
      awsReportedExposed: true,
      toConfirm: { attachedPolicy: 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3' },
    });
    expect(aws?.evidence.assertedBy).toBeUndefined();
  });

  it('reads a Security Hub finding as GuardDuty only from AWS own integration, in the provider own terms', () => {
    const imported = eventFixture('aws.securityhub', 'guardduty-tor-caller-imported');
    // A custom integration (BatchImportFindings) may call its finding GuardDuty, but not use AWS's product ARN.
    const custom = variant(imported, (e) => {
      const [f] = (e.detail as { findings: Array<Record<string, unknown>> }).findings;
      Object.assign(f as object, {
        ProductArn: 'arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default',
        ProductName: 'GuardDuty',
        CompanyName: 'Amazon',
      });
    });
    expect(normaliseEvent(custom).detections).toEqual([]);
    // BatchUpdateFindings can change the top-level types and severity: the provider's fields decide.
    const edited = variant(imported, (e) => {
      const [f] = (e.detail as { findings: Array<Record<string, unknown>> }).findings;
      Object.assign(f as object, {
        Types: ['TTPs/Initial Access/UnauthorizedAccess:IAMUser-MaliciousIPCaller.Custom'],
        Severity: { Label: 'CRITICAL', Normalized: 90, Product: 9 },
      });
    });
    const [detection] = normaliseEvent(edited).detections;
    expect(detection?.evidence.type).toBe('UnauthorizedAccess:IAMUser/TorIPCaller');
    expect(detection?.evidence.severity).toBeLessThan(7);
  });

  it('keeps no secret from scanner output', () => {
    const { events } = fixtureEvents('rekey.report/trufflehog.jsonl');
    const gitleaks = fixtureEvents('rekey.report/gitleaks.json').events;
    const text = JSON.stringify([events, gitleaks]);
    for (const secret of [
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'lk_live_EXAMPLEq8Zr2VtN4pWx6yB0cD3',
      'hooks.slack.com',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/"Raw|"Secret"|"Match"/);
  });

  it('does not detect secret reads by allowlisted principals, nor any secret read without an allowlist', () => {
    const [first] = fixtureEvents('aws.cloudtrail/get-secret-value.json').events;
    expect(
      normaliseEvent(first?.event, { secretReadAllowlist: ['arn:aws:iam::111122223333:role/deploy-*'] })
        .detections,
    ).toEqual([]);
    expect(normaliseEvent(first?.event, {}).ignored[0]?.reason).toMatch(/no secret-read allowlist/);
    expect(detectionRules({}).map((r) => r.name)).not.toContain('cloudtrail-secret-read');
  });

  it('makes a BatchGetSecretValue one detection about its reader, naming every secret it read', () => {
    const [first] = fixtureEvents('aws.cloudtrail/batch-get-secret-value.json').events;
    const { detections } = normaliseEvent(first?.event, settings);
    expect(detections).toHaveLength(1);
    expect(detections[0]).toMatchObject({
      kind: 'secret',
      principal: { type: 'AssumedRole', arn: 'arn:aws:iam::111122223333:role/deploy-role' },
      secretArn: SECRET,
      secretArns: [
        SECRET,
        'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/payments/stripe-9XyZ1q',
      ],
      accessKeyId: 'ASIA5DEPLOYCI42SESSN',
    });
  });

  it('takes a BatchGetSecretValue by filter, which names no secret, as a read of every secret it could read', () => {
    const [first] = fixtureEvents('aws.cloudtrail/batch-get-secret-value-by-filter.json').events;
    const { detections, ignored } = normaliseEvent(first?.event, settings);
    expect(ignored).toEqual([]);
    expect(detections).toHaveLength(1);
    expect(detections[0]).toMatchObject({ kind: 'secret', secretArns: [] });
    expect(detections[0]?.secretArn).toBeUndefined();
    expect(detections[0]?.evidence.summary).toMatch(/every secret it could read counts as read/);
  });

  it('reads a CloudTrail log file record by record, in order', () => {
    const { events } = fixtureEvents('aws.cloudtrail/log-file.json');
    expect(events.map((e) => (e.event.detail as { eventName: string }).eventName)).toEqual([
      'GetCallerIdentity',
      'GetSecretValue',
      'ConsoleLogin',
    ]);
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

  it.each([
    ['a string', 'x'],
    ['an array', [{ type: 'x' }]],
    ['null', null],
  ])('rejects a detail that is %s, not an object', (_what, detail) => {
    const event = variant(eventFixture('aws.guardduty', 'iam-user-tor-caller'), (e) => {
      e.detail = detail;
    });
    expect(() => normaliseEvent(event)).toThrow(/not an EventBridge event: detail: expected an object/);
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
