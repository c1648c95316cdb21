import { describe, expect, it } from 'vitest';
import {
  iamTimestamp,
  REVOKE_SESSIONS_SID,
  revokeSessionsPolicy,
  revokeSessionsPolicyName,
  tokenIssueCutoff,
} from '../../../src/domain/deny-policy.js';
import { PolicyDocumentSchema, policySize } from '../../../src/domain/policy-document.js';

describe('the revoke-sessions deny policy', () => {
  it('denies every action on every resource to tokens issued before the cut-off', () => {
    const policy = revokeSessionsPolicy(new Date('2026-11-28T09:04:00Z'));

    expect(policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: REVOKE_SESSIONS_SID,
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { DateLessThan: { 'aws:TokenIssueTime': '2026-11-28T09:04:00Z' } },
        },
      ],
    });
    expect(PolicyDocumentSchema.safeParse(policy).success).toBe(true);
  });

  it('rounds the cut-off up to the whole second, so a session issued in the same second is still revoked', () => {
    expect(tokenIssueCutoff(new Date('2026-11-28T09:04:00.001Z')).toISOString()).toBe(
      '2026-11-28T09:04:01.000Z',
    );
    expect(tokenIssueCutoff(new Date('2026-11-28T09:04:00.000Z')).toISOString()).toBe(
      '2026-11-28T09:04:00.000Z',
    );
  });

  it('writes timestamps as IAM date conditions expect them (UTC, whole seconds)', () => {
    expect(iamTimestamp(new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05Z');
  });

  it('names the policy after the incident, so a retry overwrites rather than adds', () => {
    expect(revokeSessionsPolicyName('rk-20261128-abcd1234')).toBe(
      'rekey-revoke-sessions-rk-20261128-abcd1234',
    );
  });

  it('counts policy size as IAM does, without whitespace', () => {
    const document = revokeSessionsPolicy(new Date('2026-11-28T09:04:00Z'));
    expect(policySize(JSON.stringify(document, null, 4))).toBe(policySize(JSON.stringify(document)));
    expect(policySize(document)).toBe(JSON.stringify(document).length);
  });
});
