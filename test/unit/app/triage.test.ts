import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryIncidentRegistry } from '../../../src/adapters/local/memory-incident-registry.js';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import { type TriageDeps, triage } from '../../../src/app/triage.js';
import { containmentBreachEvent } from '../../../src/detections/containment-breach.js';
import { AccessDeniedError, InvalidInputError, NotContainableError } from '../../../src/domain/errors.js';
import { seededIds } from '../../../src/domain/ids.js';
import { silentLog } from '../../../src/ports/log.js';
import { aliceAccount } from '../../support/alice-account.js';
import { ManualClock } from '../../support/fixed-clock.js';
import { eventFixture, variant } from '../../support/fixtures.js';
import { RecordingWorkflow } from '../../support/recording-workflow.js';

let deps: TriageDeps & {
  registry: MemoryIncidentRegistry;
  timeline: MemoryTimelineStore;
  workflow: RecordingWorkflow;
};

const QUARANTINE = 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3';

/** The account as it is once AWS's quarantine policy really is attached to alice. */
function quarantineAlice(): void {
  const seed = structuredClone(aliceAccount);
  const alice = seed.users?.find((u) => u.name === 'alice');
  if (alice) alice.managedPolicies = [...(alice.managedPolicies ?? []), QUARANTINE];
  const sandbox = new SandboxAccount(seed, deps.clock);
  deps.identityFor = () => sandbox.identity();
}

beforeEach(() => {
  const clock = new ManualClock('2026-11-28T09:00:00Z');
  const sandbox = new SandboxAccount(aliceAccount, clock);
  deps = {
    identityFor: (accountId) => {
      if (accountId !== sandbox.id) throw new NotContainableError(`no role in ${accountId}`);
      return sandbox.identity();
    },
    registry: new MemoryIncidentRegistry(),
    timeline: new MemoryTimelineStore(),
    workflow: new RecordingWorkflow(),
    clock,
    ids: seededIds('test'),
    protectedPrincipals: ['arn:aws:iam::*:user/break-glass'],
    drill: false,
  };
});

describe('triage of an AWS Health exposed-key event', () => {
  it('resolves the owner in IAM, opens an incident and starts its playbook named after it', async () => {
    const result = await triage(eventFixture('aws.health', 'credentials-exposed'), deps);

    expect(result.signals).toEqual([
      expect.objectContaining({
        outcome: 'opened',
        playbook: 'exposed-access-key',
        exposure: expect.objectContaining({
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          principal: { type: 'IAMUser', name: 'alice', arn: 'arn:aws:iam::111122223333:user/alice' },
        }),
      }),
    ]);
    const [start] = deps.workflow.starts;
    const incidentId = (result.signals[0] as { incidentId: string }).incidentId;
    expect(start).toMatchObject({ playbook: 'exposed-access-key', name: incidentId });
    expect(start?.input).toMatchObject({ incident: { exposure: { principal: { name: 'alice' } } } });
  });

  it('announces each incident it starts a playbook for, once, and a failing notice stops nothing', async () => {
    const announced: string[] = [];
    const failures: string[] = [];
    const event = eventFixture('aws.health', 'credentials-exposed');
    await triage(event, { ...deps, announcer: { announce: async (i) => void announced.push(i.id) } });
    await triage(event, { ...deps, announcer: { announce: async (i) => void announced.push(i.id) } });
    expect(announced).toHaveLength(1);
    expect(deps.workflow.starts).toHaveLength(1);

    const other = variant(eventFixture('aws.health', 'credentials-exposed'), (e) => {
      e.id = 'another-delivery';
      e.resources = ['AKIAI44QH8DHBEXAMPLE'];
      (e.detail as { affectedEntities: unknown }).affectedEntities = [
        { entityValue: 'AKIAI44QH8DHBEXAMPLE' },
      ];
    });
    const result = await triage(other, {
      ...deps,
      announcer: {
        announce: async () => {
          throw new Error('Rate exceeded');
        },
      },
      log: {
        ...silentLog,
        warn: (_message, attributes) => void failures.push(`${attributes?.incidentId}: ${attributes?.error}`),
      },
    });
    expect(result.signals[0]).toMatchObject({ outcome: 'opened' });
    expect(deps.workflow.starts).toHaveLength(2);
    expect(failures).toEqual([expect.stringContaining('Rate exceeded')]);
  });

  it('opens one incident per key when the event names several, and escalates what it cannot resolve', async () => {
    const event = eventFixture('aws.health', 'credentials-exposed-several-keys');
    const result = await triage(event, deps);
    expect(result.signals.map((s) => (s.outcome === 'opened' ? s.playbook : s.outcome))).toEqual([
      'exposed-access-key',
      'exposed-access-key',
      'escalate',
    ]);
    expect(deps.workflow.starts.at(-1)).toMatchObject({
      playbook: 'escalate',
      input: { error: { Error: 'Unactionable', Cause: expect.stringMatching(/user ghost does not exist/) } },
    });
  });

  it('records when the activity was seen and when Rekey received it', async () => {
    const result = await triage(eventFixture('aws.health', 'credentials-exposed'), deps);
    const incidentId = (result.signals[0] as { incidentId: string }).incidentId;
    const [opened] = await deps.timeline.list(incidentId);
    expect(opened).toMatchObject({
      type: 'incident-opened',
      data: { observedAt: '2026-11-28T09:01:40.000Z', receivedAt: '2026-11-28T09:00:00.000Z' },
    });
  });
});

describe('triage of a GuardDuty finding', () => {
  it('opens an incident for an IAM user long-term key', async () => {
    const result = await triage(eventFixture('aws.guardduty', 'iam-user-tor-caller'), deps);
    expect(result.signals[0]).toMatchObject({
      outcome: 'opened',
      exposure: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
    });
  });

  it('opens an incident for stolen instance credentials, naming the instance, for its own playbook', async () => {
    const result = await triage(eventFixture('aws.guardduty', 'assumed-role-exfiltration-outside-aws'), deps);
    expect(result.signals).toEqual([
      expect.objectContaining({
        outcome: 'opened',
        exposure: expect.objectContaining({
          kind: 'instance-credentials',
          instanceId: 'i-0abcd1234ef567890',
        }),
      }),
    ]);
    expect(deps.workflow.starts).toEqual([
      expect.objectContaining({ playbook: 'exfiltrated-instance-credentials' }),
    ]);
  });

  it('never acts on a sample finding', async () => {
    const result = await triage(eventFixture('aws.guardduty', 'sample-finding'), deps);
    expect(result.signals[0]).toMatchObject({
      outcome: 'ignored',
      reason: expect.stringMatching(/sample finding/),
    });
  });

  it("joins Security Hub's copy of a GuardDuty finding to the GuardDuty finding's incident", async () => {
    const first = await triage(eventFixture('aws.guardduty', 'iam-user-tor-caller'), deps);
    const copy = await triage(eventFixture('aws.securityhub', 'guardduty-tor-caller-imported'), deps);
    const id = (first.signals[0] as { incidentId: string }).incidentId;
    expect(copy.signals[0]).toMatchObject({ outcome: 'joined', incidentId: id });
    const joined = (await deps.timeline.list(id)).find((e) => e.type === 'signal-joined');
    expect(joined?.data).toMatchObject({ guardDutyFindingId: '7ac6f0e1d2b34c5a8e9f0a1b2c3d4e5f' });
  });

  it('believes IAM over the finding about who owns the key', async () => {
    const event = variant(eventFixture('aws.guardduty', 'iam-user-tor-caller'), (e) => {
      const detail = e.detail as { resource: { accessKeyDetails: { userName: string } } };
      detail.resource.accessKeyDetails.userName = 'bob';
    });
    const result = await triage(event, deps);
    const incidentId = (result.signals[0] as { incidentId: string }).incidentId;
    const [opened] = await deps.timeline.list(incidentId);
    expect(opened?.data).toMatchObject({
      principalArn: 'arn:aws:iam::111122223333:user/alice',
      note: expect.stringMatching(/named user bob/),
    });
  });
});

describe('joining and guardrails', () => {
  it('joins a re-delivered event to the open incident and starts nothing more', async () => {
    const event = eventFixture('aws.guardduty', 'iam-user-tor-caller');
    const first = await triage(event, deps);
    const second = await triage(event, deps);
    const health = await triage(eventFixture('aws.health', 'credentials-exposed'), deps);
    expect(first.signals[0]?.outcome).toBe('opened');
    expect(second.signals[0]?.outcome).toBe('duplicate');
    expect(health.signals[0]?.outcome).toBe('joined');
    expect(deps.workflow.starts).toHaveLength(1);
    expect(deps.registry.incidents.size).toBe(1);
  });

  it('re-raises the subject for a new signal after its incident closed, but not for a re-delivery', async () => {
    const event = eventFixture('aws.guardduty', 'iam-user-tor-caller');
    const first = await triage(event, deps);
    const id = (first.signals[0] as { incidentId: string }).incidentId;
    await deps.registry.close(id, new Date('2026-11-28T10:00:00Z'));
    const redelivered = await triage(event, deps);
    const republished = await triage(
      variant(event, (e) => {
        e.id = 'a-later-publication';
      }),
      deps,
    );
    expect(redelivered.signals[0]).toMatchObject({ outcome: 'duplicate', incidentId: id });
    expect(republished.signals[0]).toMatchObject({ outcome: 'reraised', incidentId: `${id}-r1` });
    expect(deps.workflow.starts.map((s) => s.name)).toEqual([id, `${id}-r1`]);
  });

  it('starts the playbook on a re-delivery when the first delivery failed before starting it', async () => {
    const event = eventFixture('aws.guardduty', 'iam-user-tor-caller');
    const failing = {
      ...deps,
      workflow: { ...deps.workflow, start: () => Promise.reject(new Error('Step Functions unavailable')) },
    };
    await expect(triage(event, failing)).rejects.toThrow('Step Functions unavailable');
    const retried = await triage(event, deps);
    expect(retried.signals[0]?.outcome).toBe('duplicate');
    expect(deps.workflow.starts).toHaveLength(1);
  });

  it('reports a protected principal and never contains it', async () => {
    const event = variant(eventFixture('aws.health', 'credentials-exposed'), (e) => {
      (e.detail as { affectedEntities: Array<{ entityValue: string }> }).affectedEntities = [
        { entityValue: 'AKIABREAKGLASSEXAMPL' },
      ];
    });
    const result = await triage(event, deps);
    expect(result.signals[0]).toMatchObject({
      outcome: 'reported',
      reason: expect.stringMatching(/protected principal/),
    });
    expect(deps.workflow.starts).toHaveLength(0);
  });

  it('rejects a finding whose account is not the one that delivered it', async () => {
    const event = variant(eventFixture('aws.guardduty', 'iam-user-tor-caller'), (e) => {
      e.account = '444455556666';
    });
    const result = await triage(event, deps);
    expect(result.signals[0]).toMatchObject({
      outcome: 'ignored',
      reason: expect.stringMatching(/delivered by account 444455556666/),
    });
    expect(deps.workflow.starts).toHaveLength(0);
  });

  it("accepts a configured administrator's event when the finding's own account names the subject's", async () => {
    const event = eventFixture('aws.guardduty', 'admin-account-member-finding');
    const refused = await triage(event, deps);
    expect(refused.signals[0]).toMatchObject({
      outcome: 'ignored',
      reason: expect.stringMatching(/not a configured GuardDuty or Security Hub administrator/),
    });
    const accepted = await triage(event, { ...deps, administratorAccounts: ['999988887777'] });
    expect(accepted.signals[0]).toMatchObject({ outcome: 'opened', exposure: { accountId: '111122223333' } });
  });

  it('treats every active key of a user AWS quarantined as exposed, as one incident, once IAM shows the policy attached', async () => {
    quarantineAlice();
    const result = await triage(eventFixture('aws.cloudtrail', 'quarantine-policy-attached'), deps);
    const keys = result.signals.map((s) => (s.outcome === 'opened' ? s.exposure.accessKeyIds : s.outcome));
    expect(keys).toEqual([['AKIAIOSFODNN7EXAMPLE', 'AKIAI44QH8DHBEXAMPLE']]);
    expect(deps.workflow.starts).toHaveLength(1);
    expect(result.signals[0]).toMatchObject({
      exposure: { evidence: { awsReportedExposed: true, severity: 9 } },
    });
  });

  it('opens nothing on a quarantine record IAM does not confirm: the record is what was asked, not what happened', async () => {
    const result = await triage(eventFixture('aws.cloudtrail', 'quarantine-policy-attached'), deps);
    expect(result.signals).toEqual([
      expect.objectContaining({
        outcome: 'ignored',
        reason: expect.stringMatching(/is not attached to user alice/),
      }),
    ]);
    expect(deps.workflow.starts).toHaveLength(0);
  });

  it('opens nothing on a failed call: anyone may attempt one naming anyone', async () => {
    quarantineAlice();
    const result = await triage(eventFixture('aws.cloudtrail', 'quarantine-policy-attach-denied'), deps);
    expect(result.signals).toEqual([
      expect.objectContaining({
        outcome: 'ignored',
        reason: expect.stringMatching(/failed \(AccessDenied\)/),
      }),
    ]);
    expect(deps.workflow.starts).toHaveLength(0);
    expect(deps.registry.incidents.size).toBe(0);
  });

  it.each([
    [
      'an administrator',
      eventFixture('aws.cloudtrail', 'quarantine-policy-attached-by-admin'),
      /assumed-role\/Admin\/bob/,
    ],
    [
      'another user whose client says "AWS Internal"',
      variant(eventFixture('aws.cloudtrail', 'quarantine-policy-attach-denied'), (e) => {
        const detail = e.detail as Record<string, unknown>;
        delete detail.errorCode;
        delete detail.errorMessage;
        Object.assign(detail.userIdentity as object, { invokedBy: 'AWS Internal' });
        detail.sourceIPAddress = 'AWS Internal';
      }),
      /user\/mallory/,
    ],
  ])(
    'never takes a quarantine attached by %s as AWS reporting it: a responder decides',
    async (_who, event, caller) => {
      quarantineAlice();
      const result = await triage(event, deps);
      expect(result.signals[0]).toMatchObject({
        outcome: 'opened',
        exposure: { evidence: { awsReportedExposed: false, assertedBy: expect.stringMatching(caller) } },
      });
      expect(
        (result.signals[0] as { exposure: { evidence: { severity: number } } }).exposure.evidence.severity,
      ).toBeLessThan(7);
    },
  );

  it.each([
    [
      'a key the account does not have',
      'AKIAZZZZZZZZZZZZZZZZ',
      /IAM names no owner of access key AKIAZZZZZZZZZZZZZZZZ/,
    ],
    [
      'a session key whose minting key is not found',
      'ASIAQNZGKIQY56JQ7WML',
      /minted session ASIAQNZGKIQY56JQ7WML is not found/,
    ],
    ['an entity that is no credential', 'i-0123456789abcdef0', /neither an access key id nor an IAM user/],
  ])('escalates %s to people with the reason, never drops it', async (_what, entity, reason) => {
    const event = variant(eventFixture('aws.health', 'credentials-exposed'), (e) => {
      (e.detail as { affectedEntities: Array<{ entityValue: string }> }).affectedEntities = [
        { entityValue: entity },
      ];
    });
    const result = await triage(event, deps);
    expect(result.signals[0]).toMatchObject({ outcome: 'opened', playbook: 'escalate' });
    expect(deps.workflow.starts).toEqual([
      expect.objectContaining({
        playbook: 'escalate',
        input: expect.objectContaining({
          error: { Error: 'Unactionable', Cause: expect.stringMatching(reason) },
        }),
      }),
    ]);
  });

  it('escalates an exposure in an account Rekey cannot reach', async () => {
    const elsewhere = variant(eventFixture('aws.health', 'credentials-exposed'), (e) => {
      Object.assign(e.detail as object, { affectedAccount: '999988887777' });
      Object.assign(e, { account: '999988887777' });
    });
    const result = await triage(elsewhere, deps);
    expect(result.signals[0]).toMatchObject({ outcome: 'opened', playbook: 'escalate' });
  });

  it('throws InvalidInputError for a malformed event and changes nothing', async () => {
    const event = variant(eventFixture('aws.guardduty', 'iam-user-tor-caller'), (e) => {
      delete e.detail;
    });
    await expect(triage(event, deps)).rejects.toBeInstanceOf(InvalidInputError);
    expect(deps.workflow.starts).toHaveLength(0);
    expect(deps.registry.incidents.size).toBe(0);
  });
});

describe('triage of a breach report (the playbook re-raising its own incident)', () => {
  const breach = async (
    incidentId: string,
    tamper: (e: Record<string, unknown>) => void = () => undefined,
  ) => {
    const incident = await deps.registry.get(incidentId);
    const exposure = incident?.exposure ?? {
      kind: 'iam-user-access-key',
      accountId: '111122223333',
      region: 'us-east-1',
      principal: { type: 'IAMUser', name: 'alice', arn: 'arn:aws:iam::111122223333:user/alice' },
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      evidence: {
        source: 'aws.health',
        type: 'AWS_RISK_CREDENTIALS_EXPOSED',
        reportId: 'x',
        eventId: 'x',
        severity: 5,
        awsReportedExposed: true,
        observedAt: '2026-11-28T09:00:00Z',
        summary: 'x',
        sample: false,
      },
    };
    // A copy: the report is the reporter's, never Rekey's own record.
    const event = containmentBreachEvent(
      { incidentId, exposure: structuredClone(exposure) as never, reason: 's3:GetObject by ASIA…' },
      new Date('2026-11-28T09:40:00Z'),
    );
    tamper(event);
    return triage(event, deps);
  };

  const openAndClose = async (breached: boolean): Promise<string> => {
    const opened = await triage(eventFixture('aws.health', 'credentials-exposed'), deps);
    const incidentId = (opened.signals[0] as { incidentId: string }).incidentId;
    if (breached)
      await deps.timeline.append(incidentId, {
        type: 'verification',
        at: '2026-11-28T09:35:00.000Z',
        actor: 'rekey:review',
        summary: 'breached',
        data: { verdict: 'breached' },
      });
    await deps.registry.close(incidentId, new Date('2026-11-28T09:35:00Z'));
    return incidentId;
  };

  it('re-raises an incident Rekey closed as breached, with the exposure Rekey recorded', async () => {
    const incidentId = await openAndClose(true);
    const result = await breach(incidentId, (e) => {
      // A report that names another holder is not believed: the recorded exposure is used.
      (e.detail as { exposure: { principal: { arn: string } } }).exposure.principal.arn =
        'arn:aws:iam::111122223333:user/someone-else';
    });
    expect(result.signals).toEqual([
      expect.objectContaining({ outcome: 'reraised', incidentId: `${incidentId}-r1` }),
    ]);
    expect(deps.workflow.starts.at(-1)?.input).toMatchObject({
      incident: { exposure: { principal: { arn: 'arn:aws:iam::111122223333:user/alice' } } },
    });
  });

  it("takes how much a re-raise may do alone from Rekey's own record, never from the report", async () => {
    quarantineAlice();
    const opened = await triage(eventFixture('aws.cloudtrail', 'quarantine-policy-attached-by-admin'), deps);
    const incidentId = (opened.signals[0] as { incidentId: string }).incidentId;
    await deps.timeline.append(incidentId, {
      type: 'verification',
      at: '2026-11-28T09:35:00.000Z',
      actor: 'rekey:review',
      summary: 'breached',
      data: { verdict: 'breached' },
    });
    await deps.registry.close(incidentId, new Date('2026-11-28T09:35:00Z'));
    const reraised = await breach(incidentId, (e) => {
      const evidence = (e.detail as { exposure: { evidence: Record<string, unknown> } }).exposure.evidence;
      evidence.awsReportedExposed = true;
      delete evidence.assertedBy;
    });
    expect(reraised.signals).toEqual([expect.objectContaining({ outcome: 'reraised' })]);
    expect(deps.workflow.starts.at(-1)?.input).toMatchObject({
      incident: {
        exposure: {
          evidence: {
            awsReportedExposed: false,
            assertedBy: 'arn:aws:sts::111122223333:assumed-role/Admin/bob',
          },
        },
      },
    });
  });

  it.each([
    ['an incident Rekey has no record of', async (): Promise<string> => 'rk-20261128-00000000', /no record/],
    [
      'an incident still open',
      async (): Promise<string> => {
        const opened = await triage(eventFixture('aws.health', 'credentials-exposed'), deps);
        return (opened.signals[0] as { incidentId: string }).incidentId;
      },
      /still open/,
    ],
    ['an incident closed without a breach', async (): Promise<string> => openAndClose(false), /records none/],
  ] as const)('ignores a forged report about %s, and contains nothing', async (_what, make, reason) => {
    const incidentId = await make();
    const starts = deps.workflow.starts.length;
    const result = await breach(incidentId);
    expect(result.signals).toEqual([
      expect.objectContaining({ outcome: 'ignored', reason: expect.stringMatching(reason) }),
    ]);
    expect(deps.workflow.starts.length).toBe(starts);
  });
});

describe('triage of secret reads: the reader is the subject', () => {
  const settings = { secretReadAllowlist: ['arn:aws:iam::111122223333:role/payments-app'] };
  const read = (change: (detail: Record<string, unknown>) => void, id: string) =>
    variant(eventFixture('aws.cloudtrail', 'get-secret-value'), (e) => {
      e.id = id;
      const detail = e.detail as Record<string, unknown>;
      detail.eventID = `${id}-record`;
      change(detail);
    });
  const otherSecret = (detail: Record<string, unknown>) => {
    const arn = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/orders/db-Xy9Zq1';
    detail.requestParameters = { secretId: arn };
    detail.resources = [{ accountId: '111122223333', type: 'AWS::SecretsManager::Secret', ARN: arn }];
  };
  const otherReader = (detail: Record<string, unknown>) => {
    detail.userIdentity = {
      type: 'IAMUser',
      principalId: 'AIDAREPORTBOTEXAMPLE',
      arn: 'arn:aws:iam::111122223333:user/report-bot',
      accountId: '111122223333',
      accessKeyId: 'AKIA4REPORTBOT000001',
      userName: 'report-bot',
    };
  };

  it('opens an incident for a second reader of the same secret, never folding it into the first', async () => {
    const first = await triage(
      read(() => undefined, 'read-1'),
      { ...deps, settings },
    );
    const second = await triage(read(otherReader, 'read-2'), { ...deps, settings });
    expect(first.signals[0]).toMatchObject({
      outcome: 'opened',
      subject: 'secret-reader/arn:aws:iam::111122223333:role/deploy-role',
    });
    expect(second.signals[0]).toMatchObject({
      outcome: 'opened',
      subject: 'secret-reader/arn:aws:iam::111122223333:user/report-bot',
    });
    expect(deps.workflow.starts).toHaveLength(2);
  });

  it("joins a reader's reads of other secrets to its one incident, each a signal naming its secret", async () => {
    const first = await triage(
      read(() => undefined, 'read-1'),
      { ...deps, settings },
    );
    const second = await triage(read(otherSecret, 'read-2'), { ...deps, settings });
    expect(second.signals[0]).toMatchObject({ outcome: 'joined' });
    const incidentId = (first.signals[0] as { incidentId: string }).incidentId;
    const joined = (await deps.timeline.list(incidentId)).filter((e) => e.type === 'signal-joined');
    expect(joined.map((e) => e.data?.secretArns)).toEqual([
      ['arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/orders/db-Xy9Zq1'],
    ]);
    expect(deps.workflow.starts).toHaveLength(1);
  });

  it('keeps a role session read apart from the same role session misused: two incidents, two playbooks', async () => {
    await triage(
      read(() => undefined, 'read-1'),
      { ...deps, settings },
    );
    const finding = await triage(
      variant(eventFixture('aws.guardduty', 'iam-user-tor-caller'), (e) => {
        const resource = (e.detail as { resource: { accessKeyDetails: Record<string, unknown> } }).resource;
        resource.accessKeyDetails = {
          accessKeyId: 'ASIA5DEPLOYCI42SESSN',
          principalId: 'AROADEPLOYROLEEXAMPLE:ci-run-42',
          userType: 'AssumedRole',
          userName: 'deploy-role',
        };
      }),
      { ...deps, settings },
    );
    expect(finding.signals[0]).toMatchObject({ outcome: 'opened', subject: 'role/deploy-role' });
    expect(deps.workflow.starts.map((s) => s.playbook)).toEqual([
      'exposed-secret',
      'compromised-role-session',
    ]);
  });
});

describe('triage of a role session in an account Rekey cannot reach', () => {
  it('escalates at once with the reason, asking nobody to approve a change Rekey cannot make', async () => {
    const result = await triage(
      variant(eventFixture('aws.guardduty', 'iam-user-tor-caller'), (e) => {
        const detail = e.detail as {
          accountId: string;
          resource: { accessKeyDetails: Record<string, unknown> };
        };
        e.account = '555566667777';
        detail.accountId = '555566667777';
        detail.resource.accessKeyDetails = {
          accessKeyId: 'ASIASANDBOXADMIN0001',
          principalId: 'AROASANDBOXADMINROLE:carol',
          userType: 'AssumedRole',
          userName: 'sandbox-admin',
        };
      }),
      { ...deps, administratorAccounts: ['555566667777'] },
    );
    expect(result.signals[0]).toMatchObject({
      outcome: 'opened',
      playbook: 'escalate',
      exposure: expect.objectContaining({ unactionable: 'no role in 555566667777' }),
    });
    expect(deps.workflow.starts.map((s) => s.playbook)).toEqual(['escalate']);
  });
});

describe('triage of a key whose owner IAM refuses to tell', () => {
  it('escalates at once with IAM’s words, never a failure EventBridge would retry into the dead letters', async () => {
    const refusing = new SandboxAccount(aliceAccount, deps.clock).identity();
    refusing.accessKeyLastUsed = async () => {
      throw new AccessDeniedError(
        'User: arn:aws:sts::111122223333:assumed-role/rekey-member-reader/rekey is not authorized to perform: iam:GetAccessKeyLastUsed because no service control policy allows the iam:GetAccessKeyLastUsed action',
      );
    };
    const result = await triage(eventFixture('aws.health', 'credentials-exposed'), {
      ...deps,
      identityFor: () => refusing,
    });
    expect(result.signals[0]).toMatchObject({
      playbook: 'escalate',
      exposure: expect.objectContaining({
        unactionable: expect.stringMatching(/no service control policy allows/),
      }),
    });
  });
});
