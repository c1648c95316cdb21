import { beforeEach, describe, expect, it } from 'vitest';
import { triage } from '../../../src/app/triage.js';
import { aliceTriage } from '../../support/alice-triage.js';
import { eventFixture, variant } from '../../support/fixtures.js';

let deps: ReturnType<typeof aliceTriage>;

beforeEach(() => {
  deps = aliceTriage('2026-11-28T09:31:00Z');
});

describe('triage of an AWS Health console compromise', () => {
  it('opens a root incident for the account it names, which AWS does not call certain (so responders decide)', async () => {
    const result = await triage(eventFixture('aws.health', 'account-console-compromise'), deps);
    expect(result.signals).toEqual([
      expect.objectContaining({
        outcome: 'opened',
        playbook: 'root-credential-use',
        exposure: expect.objectContaining({
          kind: 'root',
          accountId: '111122223333',
          evidence: expect.objectContaining({ awsReportedExposed: false }),
        }),
      }),
    ]);
  });

  it('opens a console sign-in incident for a user it names', async () => {
    const event = variant(eventFixture('aws.health', 'account-console-compromise'), (e) => {
      (e.detail as Record<string, unknown>).affectedEntities = [
        { entityValue: 'arn:aws:iam::111122223333:user/alice' },
      ];
    });
    const result = await triage(event, deps);
    expect(result.signals).toEqual([
      expect.objectContaining({
        outcome: 'opened',
        playbook: 'suspicious-console-login',
        exposure: expect.objectContaining({ principal: expect.objectContaining({ name: 'alice' }) }),
      }),
    ]);
  });
});
