import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryIncidentRegistry } from '../../../src/adapters/local/memory-incident-registry.js';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { type TriageDeps, triage } from '../../../src/app/triage.js';
import { seededIds } from '../../../src/domain/ids.js';
import { aliceAccount } from '../../support/alice-account.js';
import { ManualClock } from '../../support/fixed-clock.js';
import { eventFixture, variant } from '../../support/fixtures.js';
import { RecordingWorkflow } from '../../support/recording-workflow.js';

const POLICY = 'AWSExposedCredentialPolicy_DO_NOT_REMOVE';
/** The inline policy as AWS puts it (Panther's published record carries the document). */
const QUARANTINE_DOCUMENT = {
  Version: '2012-10-17' as const,
  Statement: [
    { Effect: 'Deny' as const, Action: ['iam:CreateAccessKey', 'ec2:RunInstances'], Resource: ['*'] },
  ],
};

let deps: TriageDeps & { workflow: RecordingWorkflow; registry: MemoryIncidentRegistry };
let sandbox: SandboxAccount;

/** The account, with AWS's inline quarantine on alice when `quarantined`. */
function account(quarantined: boolean): void {
  const seed = structuredClone(aliceAccount);
  const alice = seed.users?.find((u) => u.name === 'alice');
  if (alice && quarantined) alice.inlinePolicies = { [POLICY]: QUARANTINE_DOCUMENT };
  sandbox = new SandboxAccount(seed, deps.clock);
  deps.identityFor = () => sandbox.identity();
}

beforeEach(() => {
  deps = {
    identityFor: () => {
      throw new Error('set by account()');
    },
    registry: new MemoryIncidentRegistry(),
    timeline: new MemoryTimelineStore(),
    workflow: new RecordingWorkflow(),
    clock: new ManualClock('2026-11-28T09:10:00Z'),
    ids: seededIds('test'),
    protectedPrincipals: [],
    drill: false,
  };
});

const put = () => eventFixture('aws.cloudtrail', 'exposed-credential-policy-put');

describe("triage of AWS's inline quarantine", () => {
  it('treats every active key of the user as exposed by AWS, one incident, once IAM shows the inline policy (GetUserPolicy)', async () => {
    account(true);
    const result = await triage(put(), deps);
    expect(result.signals.map((s) => (s.outcome === 'opened' ? s.exposure.accessKeyIds : s.outcome))).toEqual(
      [['AKIAIOSFODNN7EXAMPLE', 'AKIAI44QH8DHBEXAMPLE']],
    );
    expect(result.signals[0]).toMatchObject({
      playbook: 'exposed-access-key',
      exposure: { evidence: { awsReportedExposed: true, toConfirm: { inlinePolicy: POLICY } } },
    });
    expect(sandbox.apiCalls.map((c) => c.operation)).toContain('GetUserPolicy');
  });

  it('opens nothing when IAM does not show the inline policy: the record is what was asked, not what happened', async () => {
    account(false);
    const result = await triage(put(), deps);
    expect(result.signals).toEqual([
      expect.objectContaining({
        outcome: 'ignored',
        reason: expect.stringMatching(
          /inline policy AWSExposedCredentialPolicy_DO_NOT_REMOVE is not on user alice/,
        ),
      }),
    ]);
    expect(deps.workflow.starts).toHaveLength(0);
  });

  it('opens an incident that waits for a responder when anyone but AWS put the policy, and nothing on a refused call', async () => {
    account(true);
    const byAdmin = variant(put(), (e) => {
      (e.detail as Record<string, unknown>).userIdentity = {
        type: 'AssumedRole',
        principalId: 'AROAADMINEXAMPLE0001:bob',
        arn: 'arn:aws:sts::111122223333:assumed-role/Admin/bob',
        accountId: '111122223333',
        sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/Admin' } },
      };
    });
    const asserted = await triage(byAdmin, deps);
    expect(asserted.signals[0]).toMatchObject({
      outcome: 'opened',
      exposure: {
        evidence: {
          awsReportedExposed: false,
          assertedBy: 'arn:aws:sts::111122223333:assumed-role/Admin/bob',
        },
      },
    });
    const refused = variant(put(), (e) => {
      e.id = 'another-delivery';
      Object.assign(e.detail as object, { errorCode: 'AccessDenied', eventID: 'another-record' });
    });
    const { signals } = await triage(refused, { ...deps, registry: new MemoryIncidentRegistry() });
    expect(signals).toEqual([expect.objectContaining({ outcome: 'ignored' })]);
  });
});
