import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../src/domain/timeline.js';
import { onPath } from '../../src/drills/drill-file.js';
import type { DrillReport } from '../../src/drills/drill-runner.js';
import { drillNamed, runInTemp } from '../support/drills.js';
import { FakeSlack } from '../support/fake-slack.js';
import { timesOutOnceAfterItsWork } from '../support/faults.js';

/** The one incident's timeline, and how it ended. */
function ending(report: DrillReport): { timeline: TimelineEntry[]; outcome: unknown } {
  const [incident] = report.incidents;
  const timeline = report.timelines.get(incident?.id ?? '') ?? [];
  return { timeline, outcome: timeline.findLast((e) => e.type === 'incident-closed')?.data?.outcome };
}

const calls = (report: DrillReport, operation: string) =>
  report.sandbox.apiCalls.filter((c) => c.operation === operation).length;

describe('faults injected into the whole pipeline', () => {
  it('an action function that times out after its work is retried, and the journal changes nothing twice', async () => {
    const report = await runInTemp(drillNamed('aws-reported-exposed-key'), {
      wrapFunction: (id, fn, clock) =>
        id === 'ActionLambdaFunction' ? timesOutOnceAfterItsWork(fn, clock) : fn,
    });
    expect(report.results.filter((r) => !r.passed)).toEqual([]);
    const { timeline, outcome } = ending(report);
    expect(outcome).toBe('contained');
    expect(calls(report, 'UpdateAccessKey')).toBe(1);
    expect(calls(report, 'PutUserPolicy')).toBe(1);
    // Each step journaled once: the retry found them succeeded and returned their outcomes.
    expect(timeline.filter((e) => e.type === 'step-started' && e.step === 'deactivate-key')).toHaveLength(1);
    // The timeline says what happened: the group ran again, and changed nothing twice.
    expect(timeline.filter((e) => e.type === 'step-repeated')).toEqual([
      expect.objectContaining({
        step: 'deactivate-key',
        summary: expect.stringMatching(
          /^run again for deactivate-key, revoke-sessions, find-persistence, trace-key, already done/,
        ),
      }),
    ]);
    const [execution] = report.executions;
    expect(execution?.calls.filter((c) => c.state === 'RunDeactivateKey')).toHaveLength(2);
  });

  it('IAM throttling every second change: the playbook retries on its journaled plan and contains', async () => {
    const report = await runInTemp(
      drillNamed('aws-reported-exposed-key', (raw) => {
        (raw.account as Record<string, unknown>).faults = { throttleIamChangesEvery: 2 };
      }),
    );
    const { timeline, outcome } = ending(report);
    expect(outcome).toBe('contained');
    const throttled = timeline.filter((e) => e.type === 'step-failed' && e.data?.error === 'ThrottlingError');
    expect(throttled.length).toBeGreaterThan(0);
    expect(report.sandbox.apiCalls.some((c) => c.operation.endsWith('(throttled)'))).toBe(true);
    expect(report.sandbox.findAccessKey('AKIA5QXEXAMPLECIKEY1')?.key.status).toBe('Inactive');
  });

  it('IAM throttling half of all requests, reads included: the clients retry, and it contains', async () => {
    const report = await runInTemp(
      drillNamed('aws-reported-exposed-key', (raw) => {
        (raw.account as Record<string, unknown>).faults = { throttleIamRequestsEvery: 2 };
      }),
    );
    expect(report.results.filter((r) => !r.passed)).toEqual([]);
    expect(ending(report).outcome).toBe('contained');
    const iam = report.sandbox.apiCalls.filter((c) =>
      /^(Get|List|Update|Put|Delete|Create|Attach|Detach)(User|Role|AccessKey|LoginProfile|Policy)/.test(
        c.operation,
      ),
    );
    const throttled = iam.filter((c) => c.operation.endsWith('(throttled)'));
    expect(throttled.length / iam.length).toBeCloseTo(0.5, 1);
    expect(calls(report, 'UpdateAccessKey')).toBe(1);
  });

  it('an approval that never comes escalates at its deadline, and nothing is changed without it', async () => {
    const report = await runInTemp(onPath(drillNamed('leaked-access-key'), 'timeout'));
    const { timeline, outcome } = ending(report);
    expect(outcome).toBe('escalated');
    expect(timeline.map((e) => e.type)).toEqual(
      expect.arrayContaining(['approval-requested', 'approval-timed-out', 'escalated']),
    );
    expect(calls(report, 'UpdateAccessKey')).toBe(0);
  });

  it('a Secrets Manager rotation that fails once is started again under a new token and completes', async () => {
    const report = await runInTemp(
      drillNamed('exposed-secret', (raw) => {
        const [secret] = (raw.account as { secrets: Array<Record<string, unknown>> }).secrets;
        if (secret) secret.failingRotations = 1;
      }),
    );
    expect(report.results.filter((r) => !r.passed)).toEqual([]);
    const { timeline, outcome } = ending(report);
    expect(outcome).toBe('contained');
    // The secret is the first (and only) one the reader read: its own step in the journal.
    const rotation = timeline.filter((e) => e.step === 'rotate-secret[0]').map((e) => e.type);
    expect(rotation).toEqual(['step-started', 'step-failed', 'step-started', 'step-succeeded']);
    expect(timeline.findLast((e) => e.step === 'rotate-secret[0]')?.summary).toMatch(
      /after restarting a failed rotation/,
    );
    // Two rounds (the strategy is unknown, so the leaked credential must not survive), the first started twice.
    expect(calls(report, 'RotateSecret')).toBe(3);
    expect(calls(report, 'UpdateSecretVersionStage')).toBe(1);
  });

  describe('Slack failing', () => {
    let slack: FakeSlack;
    beforeEach(async () => {
      slack = new FakeSlack();
      await slack.start();
    });
    afterEach(() => slack.stop());

    it('answering 500 and 429 first: the client retries, the incident is contained and every notice arrives', async () => {
      slack.script('chat.postMessage', { status: 500 }, { status: 429, retryAfter: 1 });
      const report = await runInTemp(drillNamed('aws-reported-exposed-key'), {
        slack: { token: 'xoxb-test', channel: 'C0INCIDENTS', apiUrl: slack.url },
      });
      const { timeline, outcome } = ending(report);
      expect(outcome).toBe('contained');
      const sent = timeline.filter((e) => e.type === 'notification-sent');
      expect(sent.length).toBeGreaterThan(0);
      expect(timeline.filter((e) => e.type === 'notification-failed')).toEqual([]);
      expect(slack.of('chat.postMessage').length).toBeGreaterThan(2);
    }, 30_000);

    it('down for good: containment does not wait for it, and the timeline says which notices failed', async () => {
      slack.script('chat.postMessage', ...Array.from({ length: 40 }, () => ({ status: 500 as const })));
      const report = await runInTemp(drillNamed('aws-reported-exposed-key'), {
        slack: { token: 'xoxb-test', channel: 'C0INCIDENTS', apiUrl: slack.url },
      });
      const { timeline, outcome } = ending(report);
      expect(outcome).toBe('contained');
      expect(report.sandbox.findAccessKey('AKIA5QXEXAMPLECIKEY1')?.key.status).toBe('Inactive');
      expect(timeline.filter((e) => e.type === 'notification-failed').length).toBeGreaterThan(0);
    }, 60_000);
  });
});
