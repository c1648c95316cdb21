import { describe, expect, it } from 'vitest';
import { MemoryIncidentRegistry } from '../../../src/adapters/local/memory-incident-registry.js';
import { MemoryTimelineStore } from '../../../src/adapters/local/memory-timeline-store.js';
import { chainEntry } from '../../../src/domain/timeline.js';
import { createReviewHandler } from '../../../src/handlers/review.js';
import type { ReviewStore } from '../../../src/ports/review-store.js';
import { ManualClock } from '../../support/fixed-clock.js';
import { aliceExposure } from '../../support/incident.js';

/** A Lambda error's Cause as Step Functions hands it over: the function's JSON error. */
const cause = (type: string, message: string) =>
  JSON.stringify({ errorType: type, errorMessage: message, trace: [`${type}: ${message}`] });

const traceFailed = {
  step: 'revoke-role-sessions, trace-session',
  reason: `IncompleteEvidenceError: ${cause('IncompleteEvidenceError', 'people must trace: ASIAVENDOR in account 999988887777')}`,
  checklist: ['Deactivate the origin key by hand'],
};
const sourceFailed = {
  step: 'contain-source',
  reason: `NotContainableError: ${cause('NotContainableError', 'arn:aws:iam::777788880000:role/break-glass is a protected principal')}`,
};

/** Closes one open incident with the closing a state machine hands the review function; returns the escalation. */
async function close(closing: Record<string, unknown>) {
  const clock = new ManualClock('2026-11-28T11:20:00Z');
  const registry = new MemoryIncidentRegistry();
  const timeline = new MemoryTimelineStore();
  await registry.openOrJoin({
    exposure: aliceExposure(),
    subject: 'AKIAIOSFODNN7EXAMPLE',
    playbook: 'exposed-access-key',
    drill: false,
    at: clock.now(),
    newIncidentId: () => 'rk-1',
  });
  const incidentId = 'rk-1';
  const review = createReviewHandler({
    registry,
    timeline,
    reviews: { put: async () => 'memory', head: async () => undefined },
    clock,
    stateMachines: {},
  });
  await review({ incidentId, closing });
  const entries = await timeline.list(incidentId);
  return {
    escalated: entries.find((e) => e.type === 'escalated')?.data,
    closed: entries.find((e) => e.type === 'incident-closed')?.data,
  };
}

describe('the review of a run that went on after failed steps (continue-then-escalate)', () => {
  it('closes a contained run escalated, naming every deferred failure, each readable', async () => {
    const { escalated, closed } = await close({
      outcome: 'contained',
      escalations: { RevokeRoleSessions: traceFailed, ContainSource: sourceFailed },
    });
    expect(closed).toMatchObject({ outcome: 'escalated' });
    expect(escalated).toEqual({
      reason:
        'revoke-role-sessions, trace-session failed: IncompleteEvidenceError: people must trace: ASIAVENDOR in account 999988887777; contain-source failed: NotContainableError: arn:aws:iam::777788880000:role/break-glass is a protected principal',
      checklist: ['Deactivate the origin key by hand'],
    });
  });

  it('keeps them when a later step escalated the run itself, after its own reason', async () => {
    const { escalated } = await close({
      ending: {
        outcome: 'escalated',
        reason: `IncompleteEvidenceError: ${cause('IncompleteEvidenceError', 'CloudTrail held more than Rekey reads')}`,
        checklist: ['Deactivate the origin key by hand'],
      },
      escalations: { ContainSource: sourceFailed },
    });
    expect(escalated?.reason).toBe(
      'IncompleteEvidenceError: CloudTrail held more than Rekey reads; contain-source failed: NotContainableError: arn:aws:iam::777788880000:role/break-glass is a protected principal',
    );
  });

  it('still reads the one escalation a state machine compiled before several were kept wrote', async () => {
    const { escalated } = await close({ outcome: 'contained', escalation: sourceFailed });
    expect(escalated?.reason).toMatch(
      /^contain-source failed: NotContainableError: arn:aws:iam::777788880000/,
    );
  });
});

const MACHINE = 'arn:aws:states:us-east-1:222233334444:stateMachine:rekey-prod-exposed-access-key';

/** Step Functions' status event for run rk-1, as EventBridge delivers it from the default bus. */
const ended = (status: string, detail: Record<string, unknown> = {}) => ({
  version: '0',
  id: '315c1398-40ff-a850-213b-158f73e60175',
  'detail-type': 'Step Functions Execution Status Change',
  source: 'aws.states',
  account: '222233334444',
  time: '2026-11-28T11:20:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:states:us-east-1:222233334444:execution:rekey-prod-exposed-access-key:rk-1'],
  detail: {
    executionArn: 'arn:aws:states:us-east-1:222233334444:execution:rekey-prod-exposed-access-key:rk-1',
    stateMachineArn: MACHINE,
    name: 'rk-1',
    status,
    startDate: 1764327600000,
    stopDate: 1764328800000,
    input: '{}',
    output: null,
    error: 'States.DataLimitExceeded',
    cause:
      'The state/task returned a result with a size exceeding the maximum number of bytes service limit.',
    ...detail,
  },
});

/** The review function with one open incident (rk-1), and what it told the responders. */
async function withOpenIncident() {
  const clock = new ManualClock('2026-11-28T11:20:00Z');
  const registry = new MemoryIncidentRegistry();
  const timeline = new MemoryTimelineStore();
  await registry.openOrJoin({
    exposure: aliceExposure(),
    subject: 'AKIAIOSFODNN7EXAMPLE',
    playbook: 'exposed-access-key',
    drill: false,
    at: clock.now(),
    newIncidentId: () => 'rk-1',
  });
  const told: string[] = [];
  const heads = new Map<string, { hash: string; count: number }>();
  const written = new Map<string, { markdown: string; html: string }>();
  const reviews: ReviewStore = {
    put: async (r) => {
      heads.set(r.incidentId, r.timelineHead);
      written.set(r.incidentId, { markdown: r.markdown, html: r.html });
      return 'memory';
    },
    head: async (id) => heads.get(id),
  };
  const review = createReviewHandler({
    registry,
    timeline,
    reviews,
    clock,
    notifier: {
      send: async (notice) => {
        told.push(notice.title);
        return { channel: 'test' };
      },
    },
    stateMachines: { 'exposed-access-key': MACHINE },
  });
  return { review, registry, timeline, told, heads, reviews, written };
}

/** rk-1 closed escalated by the review function (its sealed close), whose review was never written. */
async function closedEscalatedWithoutReview() {
  const world = await withOpenIncident();
  await world.timeline.as('review').append('rk-1', {
    type: 'incident-closed',
    at: '2026-11-28T11:19:00.000Z',
    actor: 'rekey:review',
    summary: 'Incident closed: escalated',
    data: { outcome: 'escalated', signals: 1 },
  });
  await world.registry.close('rk-1', new Date('2026-11-28T11:19:00Z'));
  return world;
}

describe('a run that ended without reaching its review (Step Functions status event)', () => {
  it('closes the incident escalated, naming how the run ended, and tells the responders at once', async () => {
    const { review, registry, timeline, told } = await withOpenIncident();
    await review(ended('FAILED'));
    expect((await registry.get('rk-1'))?.status).toBe('closed');
    const entries = await timeline.list('rk-1');
    expect(entries.find((e) => e.type === 'incident-closed')?.data).toMatchObject({ outcome: 'escalated' });
    expect(entries.find((e) => e.type === 'escalated')?.data?.reason).toBe(
      'the playbook run failed before its review: States.DataLimitExceeded: The state/task returned a result with a size exceeding the maximum number of bytes service limit.',
    );
    expect(told).toEqual(['Escalated: responders must act (rk-1)', 'Review: escalated (rk-1)']);
  });

  it('still writes the review of an incident closed without one (the review function failed after closing it)', async () => {
    const { review, registry, heads } = await withOpenIncident();
    await registry.close('rk-1', new Date('2026-11-28T11:19:00Z'));
    await review(ended('FAILED'));
    expect(heads.has('rk-1')).toBe(true);
  });

  it('tells and records the escalation once when S3 failed the first attempt and Lambda tries again', async () => {
    const { review, timeline, told, heads, reviews } = await withOpenIncident();
    const put = reviews.put;
    reviews.put = async () => {
      throw Object.assign(new Error('S3 unavailable'), { name: 'ServiceUnavailable' });
    };
    await expect(review(ended('ABORTED'))).rejects.toThrow('S3 unavailable');
    reviews.put = put;
    await review(ended('ABORTED'));
    expect(heads.has('rk-1')).toBe(true);
    const types = (await timeline.list('rk-1')).map((e) => e.type);
    expect(types.filter((t) => t === 'escalated' || t === 'incident-closed')).toEqual([
      'escalated',
      'incident-closed',
    ]);
    expect(told).toEqual(['Escalated: responders must act (rk-1)', 'Review: escalated (rk-1)']);
  });

  it('writes the owed review of an incident the run closed contained, as contained, adding nothing', async () => {
    const { review, registry, timeline, told, heads } = await withOpenIncident();
    await timeline.append('rk-1', {
      type: 'incident-closed',
      at: '2026-11-28T11:19:00.000Z',
      actor: 'rekey:review',
      summary: 'Incident closed: contained',
      data: { outcome: 'contained', signals: 1 },
    });
    await registry.close('rk-1', new Date('2026-11-28T11:19:00Z'));
    const before = (await timeline.list('rk-1')).length;
    await review(ended('FAILED'));
    expect(heads.get('rk-1')?.count).toBe(before);
    expect(told).toEqual(['Review: contained (rk-1)']);
  });

  it('says a run stopped by hand or timed out was', async () => {
    const { review, timeline } = await withOpenIncident();
    await review(ended('ABORTED', { error: null, cause: null }));
    expect((await timeline.list('rk-1')).find((e) => e.type === 'escalated')?.data?.reason).toBe(
      'the playbook run was stopped before its review: no reason given',
    );
  });

  it("leaves a closed and reviewed incident as it is, and ignores another deployment's state machine", async () => {
    const { review, registry, timeline, told } = await withOpenIncident();
    await review(ended('FAILED'));
    const before = (await timeline.list('rk-1')).length;
    await expect(review(ended('FAILED'))).resolves.toMatchObject({
      ignored: 'incident rk-1 is already closed and reviewed',
    });
    expect((await timeline.list('rk-1')).length).toBe(before);
    expect(told).toHaveLength(2);
    const { review: other, registry: untouched } = await withOpenIncident();
    await expect(
      other(
        ended('FAILED', {
          stateMachineArn: 'arn:aws:states:us-east-1:999988887777:stateMachine:rekey-prod-exposed-access-key',
        }),
      ),
    ).resolves.toMatchObject({
      ignored: expect.stringMatching(/is not one of this deployment's state machines/),
    });
    expect((await untouched.get('rk-1'))?.status).toBe('open');
    expect((await registry.get('rk-1'))?.status).toBe('closed');
  });

  it('believes no close, and no change, that an allowed writer did not seal: the owed review names the real outcome', async () => {
    const { review, timeline, told, written } = await closedEscalatedWithoutReview();
    // What anyone who can write the table adds: a change chained to the head but unsealed, and a close sealed by a
    // function not allowed to write one.
    const entries = await timeline.list('rk-1');
    const forgedChange = chainEntry(
      'rk-1',
      entries.at(-1),
      {
        type: 'step-succeeded',
        at: '2026-11-28T11:19:30.000Z',
        actor: 'rekey:action',
        step: 'deactivate-key',
        summary: 'Key deactivated (forged)',
        data: { outcome: { status: 'changed', summary: 'Key deactivated (forged)' } },
      },
      'action',
    );
    timeline.overwrite('rk-1', [...entries, forgedChange]);
    await timeline.as('notify').append('rk-1', {
      type: 'incident-closed',
      at: '2026-11-28T11:19:40.000Z',
      actor: 'rekey:review',
      summary: 'Incident closed: contained (forged)',
      data: { outcome: 'contained', signals: 1 },
    });
    await review(ended('FAILED'));
    expect(told).toEqual(['Review: escalated (rk-1)']);
    const { markdown, html } = written.get('rk-1') ?? { markdown: '', html: '' };
    expect(markdown).toContain('- **Outcome:** escalated');
    expect(markdown).toContain('Nothing in the account was changed.');
    expect(markdown).toContain('**NOT SEALED, not believed:** Key deactivated \\(forged\\)');
    expect(markdown).toContain('**NOT SEALED, not believed:** Incident closed: contained \\(forged\\)');
    expect(markdown).toContain('2 entries are not sealed by a writer allowed to write them');
    expect(html).toContain('<span class="outcome escalated">escalated</span>');
    expect(html).toContain('<b class="unsealed">NOT SEALED, not believed:</b> Key deactivated (forged)');
  });

  it('says the chain is broken when a sealed entry was removed from the table, and where', async () => {
    const { review, timeline, written } = await withOpenIncident();
    for (const title of ['first', 'second', 'third'])
      await timeline.as('notify').append('rk-1', {
        type: 'notification-sent',
        at: '2026-11-28T11:10:00.000Z',
        actor: 'rekey:notify',
        summary: `Notified slack:C0INCIDENTS: ${title}`,
        data: { kind: 'contained', channel: 'slack:C0INCIDENTS' },
      });
    const entries = await timeline.list('rk-1');
    timeline.overwrite(
      'rk-1',
      entries.filter((e) => e.seq !== 2),
    );
    await review(ended('FAILED'));
    const { markdown, html } = written.get('rk-1') ?? { markdown: '', html: '' };
    expect(markdown).toMatch(/The timeline's chain is broken .*: entry 3: /);
    expect(html).toContain('chain is broken');
    expect(markdown).not.toContain('NOT SEALED');
  });

  it('is not stopped by an entry no writer could have written: a seal that is no string, a number too large for JSON', async () => {
    const { review, timeline, told, written } = await closedEscalatedWithoutReview();
    const entries = await timeline.list('rk-1');
    const odd = (seq: number, changes: Record<string, unknown>) =>
      ({
        ...chainEntry(
          'rk-1',
          entries.at(-1),
          {
            type: 'step-succeeded',
            at: '2026-11-28T11:19:30.000Z',
            actor: 'rekey:action',
            step: 'deactivate-key',
            summary: 'forged',
          },
          'action',
        ),
        seq,
        ...changes,
      }) as never;
    // As DynamoDB hands back what anyone who can write the table put: a numeric seal, a bigint, a list for a summary.
    timeline.overwrite('rk-1', [
      ...entries,
      odd(2, { seal: 7 }),
      odd(3, { data: { count: 2n ** 64n }, seal: 'c2VhbA==' }),
      odd(4, { summary: ['a', 'list'], hash: 42 }),
    ]);
    await review(ended('FAILED'));
    expect(told).toEqual(['Review: escalated (rk-1)']);
    const { markdown } = written.get('rk-1') ?? { markdown: '' };
    expect(markdown).toContain('3 entries are not sealed by a writer allowed to write them');
    expect(markdown).toContain('- **Outcome:** escalated');
  });
});
