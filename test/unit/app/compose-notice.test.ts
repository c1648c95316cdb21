import { describe, expect, it } from 'vitest';
import { composeNotice } from '../../../src/app/compose-notice.js';
import { aliceIncident } from '../../support/incident.js';

describe('the notice of what a step did', () => {
  it('marks an element of a forEach step that failed (and let the others go on) as failed, with its reason', () => {
    const notice = composeNotice(aliceIncident(), 'contained', {
      outcomes: [
        {
          step: 'rotate-secret[0]',
          action: 'rotate-secret',
          status: 'failed',
          error: {
            Error: 'NotContainableError',
            Cause: JSON.stringify({
              errorType: 'NotContainableError',
              errorMessage: 'prod/legacy/api-key has no rotation configured',
            }),
          },
        },
        {
          step: 'rotate-secret[1]',
          action: 'rotate-secret',
          status: 'changed',
          summary: 'prod/orders/db rotated once',
          at: '2026-11-28T09:31:05Z',
        },
      ],
    });
    expect(notice.lines.slice(2)).toEqual([
      '✗ rotate-secret[0] failed: NotContainableError: prod/legacy/api-key has no rotation configured',
      '✓ prod/orders/db rotated once',
    ]);
    expect(notice.title).toBe('Contained in part: 1 of 2 failed, responders must act (rk-1)');
  });

  it('says "so far", and what may still run, while later steps of the playbook may change more', () => {
    const done = {
      outcomes: [
        {
          step: 'revoke',
          action: 'revoke-sessions',
          status: 'changed',
          summary: 'denied',
          at: '2026-11-28T09:31:05Z',
        },
      ],
    };
    const sofar = composeNotice(aliceIncident(), 'contained', done, [
      'Contain the source of the role session',
    ]);
    expect(sofar.title).toBe('Contained so far (rk-1)');
    expect(sofar.lines).toContain('May still run: Contain the source of the role session');
    expect(composeNotice(aliceIncident(), 'contained', done).title).toBe('Contained (rk-1)');
  });

  it('never titles a step contained after an earlier step failed and let the run go on to escalate', () => {
    const done = {
      outcomes: [
        {
          step: 'sweep',
          action: 'sweep-persistence',
          status: 'changed',
          summary: 'Backdoor key set to Inactive',
        },
      ],
    };
    const notice = composeNotice(
      aliceIncident(),
      'contained',
      done,
      [],
      [{ step: 'contain-source', reason: 'NotContainableError: break-glass is a protected principal' }],
    );
    expect(notice.title).toBe('Not contained: contain-source failed earlier, responders must act (rk-1)');
    expect(notice.lines).toContain(
      '✗ contain-source failed earlier: NotContainableError: break-glass is a protected principal',
    );
    expect(notice.lines).toContain('✓ Backdoor key set to Inactive');
  });

  it('never titles a step whose every element failed as contained', () => {
    const failed = (i: number) => ({
      step: `sweep-persistence[${i}]`,
      action: 'sweep-persistence',
      status: 'failed',
      error: { Error: 'AccessDenied', Cause: 'not authorized to perform: iam:DeleteAccessKey' },
    });
    const notice = composeNotice(aliceIncident(), 'contained', { outcomes: [failed(0), failed(1)] });
    expect(notice.title).toMatch(/^Not contained: all 2 failed, responders must act/);
  });

  it('titles a step whose elements all changed what they were to change as contained', () => {
    const notice = composeNotice(aliceIncident(), 'contained', {
      outcomes: [
        {
          step: 'deactivate',
          action: 'deactivate-access-key',
          status: 'changed',
          summary: 'key off',
          at: '2026-11-28T09:31:05Z',
        },
      ],
    });
    expect(notice.title).toMatch(/^Contained \(/);
  });

  it('names a step that failed and let the playbook go on, and that the run will close escalated', () => {
    const notice = composeNotice(aliceIncident(), 'escalated', {
      Error: 'NotContainableError',
      Cause: 'the source of ci-hop is in account 888899990000, which Rekey cannot reach',
      step: 'contain-source',
      goesOn: ['find-persistence', 'sweep-persistence'],
    });
    expect(notice.title).toMatch(/^Escalated: responders must act/);
    expect(notice.lines.slice(2)).toEqual([
      'Step contain-source failed; the playbook goes on (find-persistence, sweep-persistence) and will close escalated, not contained',
      'Reason: NotContainableError: the source of ci-hop is in account 888899990000, which Rekey cannot reach',
    ]);
  });

  it('lists what the steps run with the failed one changed before it failed, each with its restore', () => {
    const notice = composeNotice(aliceIncident(), 'escalated', {
      Error: 'IncompleteEvidenceError',
      Cause: 'people must trace what Rekey did not read: the keys past the first 25 (Rekey follows no more)',
      step: 'trace-key',
      goesOn: ['revoke-assumed-roles'],
      done: [
        {
          step: 'deactivate-key',
          action: 'deactivate-access-key',
          status: 'changed',
          at: '2026-11-28T09:02:00Z',
          summary: 'AKIAIOSFODNN7EXAMPLE of alice set to Inactive (was Active)',
          undo: { operation: 'iam:UpdateAccessKey', parameters: { Status: 'Active' } },
        },
        {
          step: 'find-persistence',
          action: 'find-persistence',
          status: 'unchanged',
          at: '2026-11-28T09:02:00Z',
          summary: 'AKIAIOSFODNN7EXAMPLE created nothing to keep access',
        },
      ],
    });
    expect(notice.lines.slice(2)).toEqual([
      'Step trace-key failed; the playbook goes on (revoke-assumed-roles) and will close escalated, not contained',
      '✓ AKIAIOSFODNN7EXAMPLE of alice set to Inactive (was Active)',
      '✓ AKIAIOSFODNN7EXAMPLE created nothing to keep access',
      'Reason: IncompleteEvidenceError: people must trace what Rekey did not read: the keys past the first 25 (Rekey follows no more)',
    ]);
    expect(notice.actions).toEqual([{ kind: 'restore', step: 'deactivate-key' }]);
  });
});
