import { describe, expect, it } from 'vitest';
import { AccountSeedSchema } from '../../../../src/adapters/sandbox/account-seed.js';
import { applyCall } from '../../../../src/adapters/sandbox/call-effects.js';
import { simulateCall } from '../../../../src/adapters/sandbox/request-simulator.js';
import { SandboxAccount, type SimulatedCall } from '../../../../src/adapters/sandbox/sandbox-account.js';
import { identityOf, issuanceRecord } from '../../../../src/adapters/sandbox/sandbox-cloudtrail.js';
import { joinAccounts } from '../../../../src/adapters/sandbox/sandbox-world.js';
import { revokeSessionsPolicy } from '../../../../src/domain/deny-policy.js';
import type { PolicyDocument } from '../../../../src/domain/policy-document.js';
import { ManualClock } from '../../../support/fixed-clock.js';

// AWS: IAM User Guide, "Monitor and control actions taken with assumed roles"; CloudTrail User Guide,
// "CloudTrail userIdentity element", AWS STS source identity.
const ACCOUNT = '444455556666';
const at = new Date('2026-11-28T10:40:00Z');
const CI_BOT_KEY = 'AKIACIBOTSRCIDKEY001';
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

const trust = (
  principal: string,
  actions: string[],
  condition?: Record<string, Record<string, string>>,
): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:${principal}` },
      Action: actions,
      ...(condition ? { Condition: condition } : {}),
    },
  ],
});
const BOTH = ['sts:AssumeRole', 'sts:SetSourceIdentity'];
const USERS = [
  {
    name: 'ci-bot',
    managedPolicies: [ADMIN],
    accessKeys: [{ id: CI_BOT_KEY, createdAt: '2025-03-01T00:00:00Z' }],
  },
];
/** Allows listing buckets only to a session whose source identity is alice. */
const ALICE_ONLY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: 's3:ListBuckets',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceIdentity': 'alice' } },
    },
  ],
};

const account = () =>
  new SandboxAccount(
    {
      id: ACCOUNT,
      users: USERS,
      roles: [
        { name: 'plain', managedPolicies: [ADMIN], trustPolicy: trust('user/ci-bot', ['sts:AssumeRole']) },
        {
          name: 'named',
          managedPolicies: [ADMIN],
          trustPolicy: trust('user/ci-bot', BOTH, { StringEquals: { 'sts:SourceIdentity': 'ci-bot' } }),
        },
        { name: 'hop-a', managedPolicies: [ADMIN], trustPolicy: trust('user/ci-bot', BOTH) },
        { name: 'prod-admin', managedPolicies: [ADMIN], trustPolicy: trust('role/hop-a', BOTH) },
        {
          name: 'prod-plain',
          managedPolicies: [ADMIN],
          trustPolicy: trust('role/hop-a', ['sts:AssumeRole']),
        },
        {
          name: 'reports',
          inlinePolicies: { 'alice-only': ALICE_ONLY },
          trustPolicy: trust('role/hop-a', BOTH),
          sessions: [
            { id: 'ASIAREPORTSPLAIN0001', sessionName: 'nightly', issuedAt: '2026-11-28T10:00:00Z' },
          ],
        },
      ],
    },
    new ManualClock(at.toISOString()),
  );

const assume = (
  accessKeyId: string,
  role: string,
  creates: string,
  sourceIdentity?: string,
): SimulatedCall => ({
  accessKeyId,
  action: 'sts:AssumeRole',
  resource: roleArn(role),
  parameters: {
    roleArn: roleArn(role),
    roleSessionName: creates,
    ...(sourceIdentity ? { sourceIdentity } : {}),
  },
  creates,
});

/** Answers the call as AWS would and, allowed, applies it (the session it mints exists from then on). */
function call(sandbox: SandboxAccount, asked: SimulatedCall) {
  const verdict = simulateCall(sandbox, asked, at);
  const effect = verdict.outcome === 'allowed' ? applyCall(sandbox, asked, at) : undefined;
  return { verdict, effect };
}

/** ci-bot's key assumes hop-a setting the source identity alice: the first link of the drill's chain. */
function hopAsAlice(sandbox: SandboxAccount) {
  const first = call(sandbox, assume(CI_BOT_KEY, 'hop-a', 'ASIAHOPASRCID0000001', 'alice'));
  expect(first.verdict.outcome).toBe('allowed');
  return first;
}

describe('setting a source identity on AssumeRole', () => {
  it("needs the role's trust to allow sts:SetSourceIdentity, else the whole AssumeRole is refused", () => {
    const sandbox = account();
    const refused = call(sandbox, assume(CI_BOT_KEY, 'plain', 'ASIAPLAINSRCID000001', 'alice')).verdict;
    expect(refused).toMatchObject({ outcome: 'implicit-deny', code: 'AccessDenied' });
    expect(refused.reason).toContain('sts:SetSourceIdentity');
    expect(sandbox.findSession('ASIAPLAINSRCID000001')).toBeUndefined();
    expect(call(sandbox, assume(CI_BOT_KEY, 'plain', 'ASIAPLAINSRCID000002')).verdict.outcome).toBe(
      'allowed',
    );
  });

  it("checks the value against the trust's sts:SourceIdentity condition", () => {
    const sandbox = account();
    expect(call(sandbox, assume(CI_BOT_KEY, 'named', 'ASIANAMEDSRCID000001', 'alice')).verdict.outcome).toBe(
      'implicit-deny',
    );
    expect(call(sandbox, assume(CI_BOT_KEY, 'named', 'ASIANAMEDSRCID000002', 'ci-bot')).verdict.outcome).toBe(
      'allowed',
    );
    expect(sandbox.findSession('ASIANAMEDSRCID000002')?.session.sourceIdentity).toBe('ci-bot');
  });

  it('is an explicit deny when an SCP denies sts:SetSourceIdentity, though AssumeRole alone is allowed', () => {
    const sandbox = new SandboxAccount(
      {
        id: ACCOUNT,
        users: USERS,
        roles: [{ name: 'hop-a', managedPolicies: [ADMIN], trustPolicy: trust('user/ci-bot', BOTH) }],
        organization: {
          managementAccountId: '111100001111',
          policies: [
            {
              id: 'p-nosourceid1',
              name: 'no-source-identity',
              document: {
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Action: '*', Resource: '*' },
                  { Effect: 'Deny', Action: 'sts:SetSourceIdentity', Resource: '*' },
                ],
              },
              targets: [ACCOUNT],
            },
          ],
        },
      },
      new ManualClock(at.toISOString()),
    );
    expect(call(sandbox, assume(CI_BOT_KEY, 'hop-a', 'ASIAHOPASRCID0000009', 'alice')).verdict.outcome).toBe(
      'explicit-deny',
    );
    expect(call(sandbox, assume(CI_BOT_KEY, 'hop-a', 'ASIAHOPASRCID0000010')).verdict.outcome).toBe(
      'allowed',
    );
  });
});

describe('a source identity through role chaining', () => {
  it('passes to the next role, whose trust must allow sts:SetSourceIdentity too', () => {
    const sandbox = account();
    hopAsAlice(sandbox);
    const chained = call(sandbox, assume('ASIAHOPASRCID0000001', 'prod-admin', 'ASIAPRODADMSRCID0001'));
    expect(chained.verdict.outcome).toBe('allowed');
    expect(sandbox.findSession('ASIAPRODADMSRCID0001')?.session.sourceIdentity).toBe('alice');
    const plain = call(sandbox, assume('ASIAHOPASRCID0000001', 'prod-plain', 'ASIAPRODPLNSRCID0001')).verdict;
    expect(plain.outcome).toBe('implicit-deny');
    expect(plain.reason).toContain('sts:SetSourceIdentity');
    // ci-bot's key carries no source identity: the same kind of trust admits it.
    expect(call(sandbox, assume(CI_BOT_KEY, 'plain', 'ASIAPLAINSRCID000003')).verdict.outcome).toBe(
      'allowed',
    );
  });

  it('cannot be changed: asking the next role for another value is refused, the same value allowed', () => {
    const sandbox = account();
    hopAsAlice(sandbox);
    const changed = call(
      sandbox,
      assume('ASIAHOPASRCID0000001', 'prod-admin', 'ASIAPRODADMSRCID0002', 'bob'),
    );
    expect(changed.verdict).toMatchObject({ outcome: 'implicit-deny', code: 'AccessDenied' });
    expect(changed.verdict.reason).toContain('cannot be changed');
    expect(sandbox.findSession('ASIAPRODADMSRCID0002')).toBeUndefined();
    const same = call(sandbox, assume('ASIAHOPASRCID0000001', 'prod-admin', 'ASIAPRODADMSRCID0003', 'alice'));
    expect(same.verdict.outcome).toBe('allowed');
  });

  it("is aws:SourceIdentity on the session's requests, so a condition on it decides", () => {
    const sandbox = account();
    hopAsAlice(sandbox);
    call(sandbox, assume('ASIAHOPASRCID0000001', 'reports', 'ASIAREPORTSSRCID0001'));
    const list = (accessKeyId: string) =>
      simulateCall(sandbox, { accessKeyId, action: 's3:ListBuckets' }, at);
    expect(list('ASIAREPORTSSRCID0001').outcome).toBe('allowed');
    expect(list('ASIAREPORTSPLAIN0001').outcome).toBe('implicit-deny');
  });

  it("does not shield a chained session from Rekey's revocation (aws:TokenIssueTime)", () => {
    const sandbox = account();
    hopAsAlice(sandbox);
    call(sandbox, assume('ASIAHOPASRCID0000001', 'prod-admin', 'ASIAPRODADMSRCID0001'));
    sandbox.roles
      .get('prod-admin')
      ?.inlinePolicies.set('rekey-revoke', revokeSessionsPolicy(new Date(at.getTime() + 1000)));
    const later = new Date(at.getTime() + 60_000);
    expect(
      simulateCall(sandbox, { accessKeyId: 'ASIAPRODADMSRCID0001', action: 's3:ListBuckets' }, later),
    ).toMatchObject({ outcome: 'explicit-deny' });
  });
});

describe('a source identity across accounts', () => {
  const OTHER = '777788889999';
  const other = `arn:aws:iam::${OTHER}:role`;
  /** hop-a may set a source identity anywhere (AdministratorAccess); hop-b may only assume roles. */
  function world() {
    const home = new SandboxAccount(
      {
        id: ACCOUNT,
        users: USERS,
        roles: [
          { name: 'hop-a', managedPolicies: [ADMIN], trustPolicy: trust('user/ci-bot', BOTH) },
          {
            name: 'hop-b',
            inlinePolicies: {
              'assume-only': {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
              },
            },
            trustPolicy: trust('user/ci-bot', BOTH),
          },
        ],
      },
      new ManualClock(at.toISOString()),
    );
    const hops = [`arn:aws:iam::${ACCOUNT}:role/hop-a`, `arn:aws:iam::${ACCOUNT}:role/hop-b`];
    const critical = (actions: string[]): PolicyDocument => ({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: hops },
          Action: actions,
          Condition: { StringLike: { 'aws:SourceIdentity': ['alice', 'bob'] } },
        },
      ],
    });
    const away = new SandboxAccount(
      {
        id: OTHER,
        roles: [
          { name: 'critical', managedPolicies: [ADMIN], trustPolicy: critical(BOTH) },
          { name: 'critical-plain', managedPolicies: [ADMIN], trustPolicy: critical(['sts:AssumeRole']) },
        ],
      },
      new ManualClock(at.toISOString()),
    );
    joinAccounts([home, away]);
    return { home, away };
  }
  const assumeAway = (accessKeyId: string, role: string, creates: string): SimulatedCall => ({
    accessKeyId,
    action: 'sts:AssumeRole',
    resource: `${other}/${role}`,
    parameters: { roleArn: `${other}/${role}`, roleSessionName: creates },
    creates,
  });

  it("needs sts:SetSourceIdentity in the next role's trust and in the caller's own policies", () => {
    const { home, away } = world();
    hopAsAlice(home);
    expect(call(home, assume(CI_BOT_KEY, 'hop-b', 'ASIAHOPBSRCID0000001', 'alice')).verdict.outcome).toBe(
      'allowed',
    );
    const chained = call(home, assumeAway('ASIAHOPASRCID0000001', 'critical', 'ASIACRITICALSRCID001'));
    expect(chained.verdict.outcome).toBe('allowed');
    expect(away.findSession('ASIACRITICALSRCID001')?.session.sourceIdentity).toBe('alice');
    expect(identityOf(away, 'ASIACRITICALSRCID001')).toMatchObject({
      sessionContext: { sourceIdentity: 'alice' },
    });
    expect(
      call(home, assumeAway('ASIAHOPASRCID0000001', 'critical-plain', 'ASIACRITICALSRCID002')).verdict
        .outcome,
    ).toBe('implicit-deny');
    // hop-b's own policies allow sts:AssumeRole only: across accounts they must allow sts:SetSourceIdentity too.
    const unpermitted = call(
      home,
      assumeAway('ASIAHOPBSRCID0000001', 'critical', 'ASIACRITICALSRCID003'),
    ).verdict;
    expect(unpermitted.outcome).toBe('implicit-deny');
    expect(unpermitted.reason).toContain('sts:SetSourceIdentity');
  });
});

describe('CloudTrail and a source identity', () => {
  it('records it in the requestParameters and response of each AssumeRole, and in sessionContext of the calls', () => {
    const sandbox = account();
    const first = hopAsAlice(sandbox);
    expect(first.effect?.requestParameters).toMatchObject({ sourceIdentity: 'alice' });
    expect(first.effect?.responseElements).toMatchObject({ sourceIdentity: 'alice' });
    // The chained call named none: AWS still records the value it carried.
    const chained = call(sandbox, assume('ASIAHOPASRCID0000001', 'prod-admin', 'ASIAPRODADMSRCID0001'));
    expect(chained.effect?.requestParameters).toMatchObject({ sourceIdentity: 'alice' });
    expect(chained.effect?.responseElements).toMatchObject({ sourceIdentity: 'alice' });
    expect(identityOf(sandbox, 'ASIAPRODADMSRCID0001')).toMatchObject({
      type: 'AssumedRole',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/prod-admin/ASIAPRODADMSRCID0001`,
      sessionContext: { sourceIdentity: 'alice' },
    });
    // Who called is the key's owner; the source identity is only what the caller claimed.
    expect(identityOf(sandbox, CI_BOT_KEY)).toMatchObject({ arn: `arn:aws:iam::${ACCOUNT}:user/ci-bot` });
    const plain = identityOf(sandbox, 'ASIAREPORTSPLAIN0001')?.sessionContext;
    expect(plain).toBeDefined();
    expect(plain).not.toHaveProperty('sourceIdentity');
  });

  it("gives a seeded role session its source identity, in its requests and its issuance's record", () => {
    const sandbox = new SandboxAccount(
      {
        id: ACCOUNT,
        users: USERS,
        roles: [
          {
            name: 'reports',
            inlinePolicies: { 'alice-only': ALICE_ONLY },
            sessions: [
              {
                id: 'ASIAREPORTSSEEDED001',
                sessionName: 'x',
                issuedAt: '2026-11-28T10:30:00Z',
                issuedBy: CI_BOT_KEY,
                sourceIdentity: 'alice',
              },
            ],
          },
        ],
      },
      new ManualClock(at.toISOString()),
    );
    expect(
      simulateCall(sandbox, { accessKeyId: 'ASIAREPORTSSEEDED001', action: 's3:ListBuckets' }, at).outcome,
    ).toBe('allowed');
    const held = sandbox.findSession('ASIAREPORTSSEEDED001');
    if (!held) throw new Error('seeded session missing');
    const record = issuanceRecord(sandbox, held.principal, held.session, 'us-east-1');
    expect(record.requestParameters).toMatchObject({ sourceIdentity: 'alice' });
    expect(record.responseElements).toMatchObject({ sourceIdentity: 'alice' });
  });

  it('refuses a seeded source identity AWS would not accept', () => {
    const seed = (sourceIdentity: string) =>
      AccountSeedSchema.safeParse({
        id: ACCOUNT,
        roles: [
          {
            name: 'r',
            sessions: [
              { id: 'ASIAREPORTSSEEDED001', sessionName: 'x', issuedAt: at.toISOString(), sourceIdentity },
            ],
          },
        ],
      }).success;
    expect(seed('alice@example.com')).toBe(true);
    expect(seed('alice smith')).toBe(false);
    expect(seed('a')).toBe(false);
  });
});
