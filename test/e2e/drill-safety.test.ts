import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { IamIdentity } from '../../src/adapters/aws/iam-identity.js';
import { CallbackNotifier } from '../../src/adapters/local/callback-notifier.js';
import { MemoryApprovalStore } from '../../src/adapters/local/memory-approval-store.js';
import { MemoryIncidentRegistry } from '../../src/adapters/local/memory-incident-registry.js';
import { MemoryTimelineStore } from '../../src/adapters/local/memory-timeline-store.js';
import { seededIds } from '../../src/domain/ids.js';
import { createActionHandler } from '../../src/handlers/action.js';
import { createApprovalHandler } from '../../src/handlers/approval.js';
import { DRILL_DETAIL_TYPE, DRILL_SOURCE } from '../../src/handlers/drill-event.js';
import { createNotifyHandler } from '../../src/handlers/notify.js';
import { createReviewHandler } from '../../src/handlers/review.js';
import { createTriageHandler } from '../../src/handlers/triage.js';
import { silentLog } from '../../src/ports/log.js';
import { loadDefinition, playbookNames } from '../../src/runtime/asl.js';
import { LocalWorkflow } from '../../src/runtime/local-workflow.js';
import { SimulatedClock } from '../../src/runtime/simulated-clock.js';
import { ROOT } from '../support/drills.js';
import { aliceExposure } from '../support/incident.js';

const iam = mockClient(IAMClient);
/** Every IAM call that would change the account. */
const MUTATING = /^(Update|Put|Attach|Detach|Delete|Create|Tag|Untag|Deactivate|Remove|Add)/;

const healthEvent = JSON.parse(
  readFileSync(join(ROOT, 'drills/events/aws.health/credentials-exposed.json'), 'utf8'),
);
const drillEvent = {
  version: '0',
  id: 'a7c3e1f0-1111-4222-8333-944455556666',
  'detail-type': DRILL_DETAIL_TYPE,
  source: DRILL_SOURCE,
  account: '111122223333',
  time: '2026-11-28T09:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: { drill: 'live-aws-reported-key', event: healthEvent },
};

beforeEach(() => {
  iam.reset();
  iam
    .on(GetAccessKeyLastUsedCommand)
    .resolves({ UserName: 'alice', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });
  iam.on(GetUserCommand).resolves({
    User: {
      UserName: 'alice',
      UserId: 'AIDAEXAMPLE',
      Arn: 'arn:aws:iam::111122223333:user/alice',
      Path: '/',
      CreateDate: new Date('2025-01-01T00:00:00Z'),
    },
  });
  iam.on(ListAccessKeysCommand).resolves({
    AccessKeyMetadata: [{ AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Active', UserName: 'alice' }],
  });
});

/** The deployed pipeline's handlers, in process: triage, the committed state machines, and IAM through the SDK. */
async function pipeline() {
  const clock = new SimulatedClock(new Date('2026-11-28T09:00:00Z'));
  const timeline = new MemoryTimelineStore();
  const registry = new MemoryIncidentRegistry();
  const kept: Array<{ event: unknown; reason: string }> = [];
  const identityFor = () => new IamIdentity({ client: new IAMClient({ region: 'us-east-1' }) });
  const notifier = new CallbackNotifier('log', () => undefined);
  const approvals = new MemoryApprovalStore();
  const definitions = Object.fromEntries(
    await Promise.all(
      (await playbookNames(ROOT)).map(async (p) => [p, await loadDefinition(ROOT, p)] as const),
    ),
  );
  const action = createActionHandler({
    identityFor,
    timeline,
    clock,
    actor: 'rekey:action',
    log: silentLog,
    protection: { protectedPrincipals: [] },
    sleep: async (ms) => clock.elapse(ms),
    // As deployed: drills simulate, by the payload's flag or the registry's record.
    drills: 'simulate',
    isDrill: async (id) => (await registry.get(id))?.drill === true,
    approvals,
    responders: [],
  });
  const workflow: LocalWorkflow = new LocalWorkflow({
    definitions,
    clock,
    log: silentLog,
    functions: {
      ActionLambdaFunction: action,
      ApprovalLambdaFunction: createApprovalHandler({ approvals, notifier, timeline, clock }),
      NotifyLambdaFunction: createNotifyHandler({ notifier, timeline, clock }),
      ReviewLambdaFunction: createReviewHandler({
        registry,
        timeline,
        reviews: { put: async () => 'memory', head: async () => undefined },
        clock,
        stateMachines: {},
      }),
      TriageLambdaFunction: (event: unknown) => triage(event),
    },
  });
  const triage = createTriageHandler({
    identityFor,
    registry,
    timeline,
    workflow,
    clock,
    ids: seededIds('drill-safety'),
    protectedPrincipals: [],
    drill: false,
    ownAccountId: '111122223333',
    deadLetters: { keep: async (event, reason) => void kept.push({ event, reason }) },
    log: silentLog,
  });
  return { triage, registry, timeline, workflow, clock, action, kept };
}

const mutatingCalls = () =>
  iam
    .calls()
    .map((c) => c.args[0].constructor.name.replace(/Command$/, ''))
    .filter((n) => MUTATING.test(n));

describe('drill safety', () => {
  it('a live drill event is triaged as a drill, kept apart from real incidents, and never leads to a mutating call', async () => {
    const { triage, registry, timeline, workflow, clock } = await pipeline();
    const result = await triage(drillEvent);
    expect(result).toMatchObject({
      signals: [{ outcome: 'opened', subject: 'drill:access-key/AKIAIOSFODNN7EXAMPLE' }],
    });
    await clock.run();
    await workflow.settled();
    const [incident] = [...workflow.executions.values()];
    const record = await registry.get(incident?.name ?? '');
    expect(record?.drill).toBe(true);
    const entries = await timeline.list(record?.id ?? '');
    // AWS reported the key: the containment ran at once, as a simulation.
    expect(entries.filter((e) => e.type === 'step-simulated').map((e) => e.step)).toEqual([
      'deactivate-key',
      'revoke-sessions',
    ]);
    expect(
      entries.some(
        (e) =>
          e.type === 'step-succeeded' &&
          e.data?.outcome &&
          (e.data.outcome as { status: string }).status === 'changed',
      ),
    ).toBe(false);
    expect(iam.calls().length).toBeGreaterThan(0);
    expect(mutatingCalls()).toEqual([]);
  });

  it('takes drill events from Rekey own account only, and never takes the account the event inside names as its deliverer', async () => {
    const { triage, registry, kept } = await pipeline();
    // A member of the organisation puts a drill (the bus policy refuses it; this is the second line).
    const fromMember = { ...drillEvent, id: 'b7c3e1f0-1111-4222-8333-944455556667', account: '444455556666' };
    await expect(triage(fromMember)).resolves.toMatchObject({
      rejected: expect.stringMatching(/drills are accepted only from Rekey's own account \(111122223333\)/),
    });
    expect(kept.map((k) => k.event)).toEqual([fromMember]);
    expect(registry.incidents.size).toBe(0);
    // Rekey's own drill about a member account: delivered by Rekey's account, it may concern any account (it
    // only simulates), and the account the inner event names delivered nothing.
    const inner = {
      ...healthEvent,
      account: '444455556666',
      detail: { ...healthEvent.detail, affectedAccount: '444455556666' },
    };
    const own = await triage({
      ...drillEvent,
      id: 'c7c3e1f0-1111-4222-8333-944455556668',
      detail: { drill: 'x', event: inner },
    });
    expect(own).toMatchObject({ signals: [{ subject: expect.stringMatching(/^drill:/) }] });
  });

  it('a real event about the same key is not joined to the drill: it opens its own incident', async () => {
    const { triage, clock, workflow } = await pipeline();
    const drill = await triage(drillEvent);
    const real = await triage(healthEvent);
    // The real incident is contained for real (its playbook runs to the end here, before the next test).
    await clock.run();
    await workflow.settled();
    expect(mutatingCalls()).toContain('UpdateAccessKey');
    const id = (r: unknown) => (r as { signals: Array<{ incidentId: string }> }).signals[0]?.incidentId;
    expect(id(real)).toBeDefined();
    expect(id(real)).not.toBe(id(drill));
  });

  it('the action handler simulates a drill incident on either signal alone: the payload flag, or the registry record', async () => {
    const { action, registry } = await pipeline();
    const steps = [
      {
        step: 'deactivate-key',
        action: 'deactivate-access-key',
        parameters: { accountId: '111122223333', userName: 'alice', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      },
    ];
    // The payload says drill; the registry has no record of it.
    await expect(action({ incidentId: 'rk-unknown', drill: true, steps })).resolves.toMatchObject({
      outcomes: [{ status: 'simulated' }],
    });
    // The payload says nothing; the registry records a drill.
    await registry.openOrJoin({
      exposure: aliceExposure({
        source: 'aws.health',
        type: 'AWS_RISK_CREDENTIALS_EXPOSED',
        reportId: 'arn:aws:health:global::event/RISK/x',
        severity: 8,
        awsReportedExposed: true,
        observedAt: '2026-11-28T09:00:00Z',
        summary: 'exposed',
      }),
      subject: 'drill:access-key/AKIAIOSFODNN7EXAMPLE',
      playbook: 'exposed-access-key',
      drill: true,
      at: new Date('2026-11-28T09:00:00Z'),
      newIncidentId: () => 'rk-drill-1',
    });
    await expect(action({ incidentId: 'rk-drill-1', steps })).resolves.toMatchObject({
      outcomes: [{ status: 'simulated' }],
    });
    expect(mutatingCalls()).toEqual([]);
  });

  it('refuses a drill event whose inner event no detection rule takes, and keeps it', async () => {
    const { triage } = await pipeline();
    const result = await triage({
      ...drillEvent,
      detail: { drill: 'x', event: { source: 'aws.s3', 'detail-type': 'Object Created', detail: {} } },
    });
    expect(result).toEqual({ rejected: expect.stringMatching(/matches no detection rule/) });
  });
});
