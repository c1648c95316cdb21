import { describe, expect, it } from 'vitest';
import { simulateCall } from '../../../../src/adapters/sandbox/request-simulator.js';
import { SandboxAccount } from '../../../../src/adapters/sandbox/sandbox-account.js';
import { ManualClock } from '../../../support/fixed-clock.js';

const ACCOUNT = '444455556666';
const VENDOR = 'arn:aws:iam::777788889999:user/acme-sync';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/vendor-integration`;
const at = new Date('2026-11-28T10:00:00Z');

const account = () =>
  new SandboxAccount(
    {
      id: ACCOUNT,
      roles: [
        {
          name: 'vendor-integration',
          trustPolicy: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: VENDOR },
                Action: 'sts:AssumeRole',
                Condition: { StringEquals: { 'sts:ExternalId': 'acme-7f3c' } },
              },
            ],
          },
        },
      ],
      outsiders: [{ arn: VENDOR, accessKeyIds: ['AKIAACMESYNCVENDOR01'] }],
    },
    new ManualClock(at.toISOString()),
  );

const assume = (parameters: Record<string, string>) =>
  simulateCall(
    account(),
    {
      accessKeyId: 'AKIAACMESYNCVENDOR01',
      action: 'sts:AssumeRole',
      resource: ROLE,
      parameters: { roleArn: ROLE, roleSessionName: 'acme-sync', ...parameters },
    },
    at,
  ).outcome;

describe("an AssumeRole request's own condition keys", () => {
  it('admits the vendor naming the external id its trust requires, and refuses it without or with another', () => {
    expect(assume({ externalId: 'acme-7f3c' })).toBe('allowed');
    expect(assume({})).toBe('implicit-deny');
    expect(assume({ externalId: 'guess' })).toBe('implicit-deny');
  });
});

describe('a source identity from a principal of an account the drill does not simulate', () => {
  it('is refused when the trust allows the vendor sts:AssumeRole but not sts:SetSourceIdentity', () => {
    expect(assume({ externalId: 'acme-7f3c', sourceIdentity: 'alice' })).toBe('implicit-deny');
  });
});
