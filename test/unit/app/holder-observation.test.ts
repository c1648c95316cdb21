import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryIncidentRegistry } from '../../../src/adapters/local/memory-incident-registry.js';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import { SandboxAccount } from '../../../src/adapters/sandbox/sandbox-account.js';
import {
  HOLDER_OBSERVATION_FRESH_MS,
  type HolderObservation,
  readUserHolding,
} from '../../../src/app/holder-observation.js';
import { runSteps, type StepRequest } from '../../../src/app/run-steps.js';
import { triage } from '../../../src/app/triage.js';
import { seededIds } from '../../../src/domain/ids.js';
import type { TimelineWriter } from '../../../src/domain/timeline.js';
import type { IamPrincipal } from '../../../src/ports/identity.js';
import { aliceAccount } from '../../support/alice-account.js';
import { ManualClock } from '../../support/fixed-clock.js';
import { eventFixture } from '../../support/fixtures.js';
import { RecordingWorkflow } from '../../support/recording-workflow.js';

const account = '111122223333';
const contain: StepRequest[] = [
  {
    step: 'deactivate-key',
    action: 'deactivate-access-key',
    parameters: { accountId: account, userName: 'alice', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
  },
  {
    step: 'revoke-sessions',
    action: 'revoke-sessions',
    parameters: { accountId: account, principal: { kind: 'user', name: 'alice' } },
  },
];

let clock: ManualClock;
let sandbox: SandboxAccount;
let timeline: MemoryTimelineStore;

beforeEach(() => {
  clock = new ManualClock('2026-11-28T09:04:00.000Z');
  sandbox = new SandboxAccount(aliceAccount, clock);
  timeline = new MemoryTimelineStore();
});

const deps = (protectedPrincipals: string[] = []) => ({
  identityFor: () => sandbox.identity(),
  timeline,
  clock,
  actor: 'rekey:action',
  protection: { protectedPrincipals },
});

/** What triage read of alice just now, as it reads it. */
async function readAlice(): Promise<HolderObservation> {
  const identity = sandbox.identity();
  const principal = (await identity.getPrincipal({ kind: 'user', name: 'alice' })) as IamPrincipal;
  const holding = await readUserHolding(identity, 'alice');
  if (!holding) throw new Error('alice could not be read');
  return { accountId: account, readAt: clock.now().toISOString(), principal, ...holding };
}

/** The incident-opened entry carrying `holder`, written as `writer`. */
async function opened(holder: HolderObservation, writer: TimelineWriter = 'triage'): Promise<void> {
  await timeline.as(writer).append('rk-1', {
    type: 'incident-opened',
    at: clock.now().toISOString(),
    actor: 'aws.health',
    summary: 'Incident opened',
    data: { principalArn: holder.principal.arn, accessKeyId: 'AKIAIOSFODNN7EXAMPLE', holder },
  });
}

const operations = (from: number) => sandbox.apiCalls.slice(from).map((c) => c.operation);

describe("the action function and triage's reading of the holder", () => {
  it('acts on a reading from moments ago: no IAM read before the first change, and the undo restores what was there', async () => {
    await opened(await readAlice());
    clock.advance(300);
    const from = sandbox.apiCalls.length;

    const outcomes = await runSteps('rk-1', contain, deps());

    expect(operations(from)).toEqual(['UpdateAccessKey', 'PutUserPolicy']);
    const started = (await timeline.list('rk-1')).filter((e) => e.type === 'step-started');
    expect(started.map((e) => e.data?.plan)).toMatchObject([
      { before: { status: 'Active' } },
      { before: { deny: { inline: null, managed: false } } },
    ]);
    expect(outcomes.map((o) => o.undo?.operation)).toEqual(['iam:UpdateAccessKey', 'iam:DeleteInlinePolicy']);
  });

  it('reads IAM again when the reading is older than a few seconds (an approval waited for)', async () => {
    await opened(await readAlice());
    clock.advance(HOLDER_OBSERVATION_FRESH_MS + 1);
    const from = sandbox.apiCalls.length;

    await runSteps('rk-1', contain, deps());

    const seen = operations(from);
    expect(seen.slice(0, seen.indexOf('UpdateAccessKey')).sort()).toEqual([
      'GetUser',
      'GetUserPolicy',
      'ListAccessKeys',
      'ListAttachedUserPolicies',
    ]);
  });

  it('reads the policy itself when the user already held one of the name, so its undo puts it back', async () => {
    const reading = await readAlice();
    await opened({ ...reading, inlinePolicyNames: ['rekey-revoke-sessions-rk-1'] });
    const from = sandbox.apiCalls.length;

    await runSteps('rk-1', contain, deps());

    expect(operations(from).slice(0, 1)).toEqual(['GetUserPolicy']);
  });

  it('never believes a reading triage did not seal: a forged one hiding the protected tag changes nothing', async () => {
    const reading = await readAlice();
    const tagged = new SandboxAccount(
      {
        ...aliceAccount,
        users: (aliceAccount.users ?? []).map((u) =>
          u.name === 'alice' ? { ...u, tags: { 'rekey:protected': 'true' } } : u,
        ),
      },
      clock,
    );
    sandbox = tagged;
    await opened(reading, 'notify');

    const error = await runSteps('rk-1', contain, deps()).catch((e: Error) => e);

    expect((error as Error).name).toBe('ProtectedPrincipalError');
    expect(sandbox.findAccessKey('AKIAIOSFODNN7EXAMPLE')?.key.status).toBe('Active');
  });

  it('is what triage seals in the signal entry when it resolves a named key to its owner', async () => {
    const registry = new MemoryIncidentRegistry();
    const result = await triage(eventFixture('aws.health', 'credentials-exposed'), {
      identityFor: () => sandbox.identity(),
      registry,
      timeline,
      workflow: new RecordingWorkflow(),
      clock,
      ids: seededIds('test'),
      protectedPrincipals: [],
      drill: false,
    });

    const incidentId = (result.signals[0] as { incidentId: string }).incidentId;
    const [entry] = await timeline.list(incidentId);
    expect(entry).toMatchObject({ type: 'incident-opened', writer: 'triage' });
    expect(entry?.data?.holder).toMatchObject({
      accountId: account,
      readAt: '2026-11-28T09:04:00.000Z',
      principal: { kind: 'user', name: 'alice', arn: 'arn:aws:iam::111122223333:user/alice' },
      accessKeys: [
        { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', status: 'Active' },
        { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Active' },
      ],
      inlinePolicyNames: [],
      attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
    });
  });
});
