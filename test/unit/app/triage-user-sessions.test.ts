import { describe, expect, it } from 'vitest';
import { MemoryIncidentRegistry } from '../../../src/adapters/local/memory-incident-registry.js';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import type { AccountSeedInput } from '../../../src/adapters/sandbox/account-seed.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { type TriageDeps, triage } from '../../../src/app/triage.js';
import { AccessDeniedError, ThrottlingError } from '../../../src/domain/errors.js';
import { seededIds } from '../../../src/domain/ids.js';
import { ManualClock } from '../../support/fixed-clock.js';
import { eventFixture, variant } from '../../support/fixtures.js';
import { RecordingWorkflow } from '../../support/recording-workflow.js';

const ALICE = 'arn:aws:iam::111122223333:user/alice';

/**
 * alice's leaked key minted a GetSessionToken session (the one GuardDuty saw) and, for contractor-bob, a
 * GetFederationToken session; CloudTrail recorded both calls in eu-west-1, where the attacker pointed STS.
 */
function account(options: { recorded?: boolean; delaySeconds?: number } = {}): AccountSeedInput {
  const recorded = options.recorded ?? true;
  return {
    id: '111122223333',
    network: { regions: ['us-east-1', 'eu-west-1'] },
    cloudTrailDelaySeconds: options.delaySeconds ?? 0,
    users: [
      {
        name: 'alice',
        accessKeys: [
          { id: 'AKIAIOSFODNN7EXAMPLE', createdAt: '2025-03-02T10:00:00Z' },
          { id: 'AKIAI44QH8DHBEXAMPLE', createdAt: '2026-06-01T10:00:00Z' },
        ],
        sessions: [
          {
            id: 'ASIAQNZGKIQY56JQ7WML',
            issuedAt: '2026-11-28T09:35:00Z',
            ...(recorded ? { issuedBy: 'AKIAIOSFODNN7EXAMPLE' } : {}),
          },
          {
            id: 'ASIAFEDUSER000000001',
            issuedAt: '2026-11-28T10:50:00Z',
            federatedName: 'contractor-bob',
            ...(recorded ? { issuedBy: 'AKIAIOSFODNN7EXAMPLE' } : {}),
          },
        ],
      },
    ],
    region: 'eu-west-1',
  };
}

function depsFor(seed: AccountSeedInput, at = '2026-11-28T11:12:00Z') {
  const clock = new ManualClock(at);
  const sandbox = new SandboxAccount(seed, clock);
  const deps: TriageDeps & { workflow: RecordingWorkflow; timeline: MemoryTimelineStore } = {
    identityFor: () => sandbox.identity(),
    auditTrailFor: (_account, region) => sandbox.auditTrailPort(region),
    networkFor: () => sandbox.networkPort(),
    registry: new MemoryIncidentRegistry(),
    timeline: new MemoryTimelineStore(),
    workflow: new RecordingWorkflow(),
    clock,
    ids: seededIds('sessions'),
    protectedPrincipals: [],
    drill: false,
  };
  return { deps, sandbox };
}

const sessionFinding = () => eventFixture('aws.guardduty', 'iam-user-session-malicious-ip');
const federatedFinding = () => eventFixture('aws.guardduty', 'federated-user-anomalous');

describe("triage of a signal about an IAM user's own session", () => {
  it('contains the key that minted a GetSessionToken session, found in CloudTrail in any region', async () => {
    const { deps } = depsFor(account());
    const result = await triage(sessionFinding(), deps);
    expect(result.signals).toEqual([
      expect.objectContaining({
        outcome: 'opened',
        playbook: 'exposed-access-key',
        subject: 'access-key/AKIAIOSFODNN7EXAMPLE',
        exposure: expect.objectContaining({
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          sessionKeyId: 'ASIAQNZGKIQY56JQ7WML',
          principal: { type: 'IAMUser', name: 'alice', arn: ALICE },
        }),
      }),
    ]);
    const [opened] = await deps.timeline.list((result.signals[0] as { incidentId: string }).incidentId);
    expect(opened?.data?.note).toMatch(
      /minted by GetSessionToken with AKIAIOSFODNN7EXAMPLE of alice .*eu-west-1/,
    );
  });

  it("contains a federated user's session through the IAM user whose key called GetFederationToken", async () => {
    const { deps } = depsFor(account());
    const result = await triage(federatedFinding(), deps);
    expect(result.signals[0]).toMatchObject({
      outcome: 'opened',
      playbook: 'exposed-access-key',
      exposure: {
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        sessionKeyId: 'ASIAFEDUSER000000001',
        principal: { type: 'IAMUser', name: 'alice' },
      },
    });
  });

  it('joins the open incident of the key that minted the session: it is one compromise', async () => {
    const { deps } = depsFor(account());
    await triage(eventFixture('aws.guardduty', 'iam-user-malicious-ip-caller-custom'), deps);
    const result = await triage(sessionFinding(), deps);
    expect(result.signals[0]).toMatchObject({
      outcome: 'joined',
      subject: 'access-key/AKIAIOSFODNN7EXAMPLE',
    });
    expect(deps.workflow.starts).toHaveLength(1);
  });

  it('treats every active key of the named user as exposed, one incident, while CloudTrail does not show the minting call yet', async () => {
    const { deps } = depsFor(account({ delaySeconds: 3600 }), '2026-11-28T10:00:00Z');
    const result = await triage(sessionFinding(), deps);
    expect(result.signals.map((s) => ('exposure' in s ? s.exposure.accessKeyIds : undefined))).toEqual([
      ['AKIAIOSFODNN7EXAMPLE', 'AKIAI44QH8DHBEXAMPLE'],
    ]);
    expect(deps.workflow.starts).toHaveLength(1);
    const [opened] = await deps.timeline.list((result.signals[0] as { incidentId: string }).incidentId);
    expect(opened?.data?.note).toMatch(
      /not found .* every active key of user alice \(.*\) is treated as exposed, one incident/,
    );
  });

  it('falls back to the named user when the account will not let CloudTrail be read, and says so', async () => {
    const { deps } = depsFor(account());
    const refused = async () => {
      throw new AccessDeniedError('not authorized to perform: cloudtrail:LookupEvents');
    };
    deps.auditTrailFor = () => ({
      eventsByName: refused,
      eventsByAccessKey: refused,
      eventsByResource: refused,
      eventsByUser: refused,
    });
    const result = await triage(sessionFinding(), deps);
    expect(result.signals.map((s) => s.outcome)).toEqual(['opened']);
    const [opened] = await deps.timeline.list((result.signals[0] as { incidentId: string }).incidentId);
    expect(opened?.data?.note).toMatch(/CloudTrail could not be read: not authorized/);
  });

  it("finds a federated user's IAM user from the session's own calls when the minting call is not there", async () => {
    const { deps, sandbox } = depsFor(account({ recorded: false }));
    sandbox.recordCall(
      { accessKeyId: 'ASIAFEDUSER000000001', action: 's3:ListBuckets' },
      'AccessDenied',
      new Date('2026-11-28T11:04:12Z'),
    );
    const result = await triage(federatedFinding(), deps);
    expect(result.signals.map((s) => ('exposure' in s ? s.exposure.principal.name : s.outcome))).toEqual([
      'alice',
    ]);
  });

  it("asks every region for the session's own calls at once: one slow region does not hold the others back", async () => {
    const { deps, sandbox } = depsFor(account({ recorded: false }));
    sandbox.recordCall(
      { accessKeyId: 'ASIAFEDUSER000000001', action: 's3:ListBuckets' },
      'AccessDenied',
      new Date('2026-11-28T11:04:12Z'),
    );
    let inFlight = 0;
    let most = 0;
    deps.auditTrailFor = (_account, region) => {
      const trail = sandbox.auditTrailPort(region);
      return {
        ...trail,
        eventsByAccessKey: async (...args: Parameters<typeof trail.eventsByAccessKey>) => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          // A few turns of the event loop, as a network answer takes: the others start meanwhile, or never.
          for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setTimeout(resolve, 0));
          inFlight -= 1;
          return trail.eventsByAccessKey(...args);
        },
      };
    };
    const result = await triage(federatedFinding(), deps);
    expect(result.signals.map((s) => ('exposure' in s ? s.exposure.principal.name : s.outcome))).toEqual([
      'alice',
    ]);
    expect(most).toBe(2);
  });

  it('takes the user a region named before a later region failed, as asking in turn would', async () => {
    const { deps, sandbox } = depsFor(account({ recorded: false }));
    sandbox.recordCall(
      { accessKeyId: 'ASIAFEDUSER000000001', action: 's3:ListBuckets' },
      'AccessDenied',
      new Date('2026-11-28T11:04:12Z'),
    );
    // The session's own calls are in eu-west-1, the sandbox's region; us-east-1 is asked after it, and throttled.
    sandbox.networkPort = () => ({ enabledRegions: async () => ['eu-west-1', 'us-east-1'] }) as never;
    deps.networkFor = () => sandbox.networkPort();
    deps.auditTrailFor = (_account, region) => {
      const trail = sandbox.auditTrailPort(region);
      if (region !== 'us-east-1') return trail;
      const throttled = async () => {
        throw new ThrottlingError('Rate exceeded');
      };
      return { ...trail, eventsByAccessKey: throttled };
    };
    const result = await triage(federatedFinding(), deps);
    expect(result.signals.map((s) => ('exposure' in s ? s.exposure.principal.name : s.outcome))).toEqual([
      'alice',
    ]);
  });

  it('escalates a session nothing names the user of, with the reason, never drops it', async () => {
    const { deps } = depsFor(account({ recorded: false }));
    const health = variant(eventFixture('aws.health', 'credentials-exposed'), (e) => {
      (e.detail as { affectedEntities: unknown }).affectedEntities = [
        { entityValue: 'ASIAQNZGKIQY56JQ7WML' },
      ];
    });
    const result = await triage(health, deps);
    expect(result.signals[0]).toMatchObject({ outcome: 'opened', playbook: 'escalate' });
    expect(deps.workflow.starts[0]?.input).toMatchObject({
      error: {
        Cause: expect.stringMatching(
          /minted session ASIAQNZGKIQY56JQ7WML is not found \(CloudTrail shows no GetSessionToken or GetFederationToken/,
        ),
      },
    });
  });

  it('resolves a Health event naming the session key once CloudTrail shows the minting call', async () => {
    const { deps } = depsFor(account());
    const health = variant(eventFixture('aws.health', 'credentials-exposed'), (e) => {
      (e.detail as { affectedEntities: unknown }).affectedEntities = [
        { entityValue: 'ASIAQNZGKIQY56JQ7WML' },
      ];
      (e.detail as Record<string, unknown>).eventMetadata = {};
    });
    const result = await triage(health, deps);
    expect(result.signals[0]).toMatchObject({
      outcome: 'opened',
      playbook: 'exposed-access-key',
      exposure: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', evidence: { awsReportedExposed: true } },
    });
  });
});
