import { describe, expect, it } from 'vitest';
import type { Drill } from '../../src/drills/drill-file.js';
import type { DrillReport, SlackEndpoint } from '../../src/drills/drill-runner.js';
import { drillNamed, runInTemp } from '../support/drills.js';
import { SIGNING_SECRET, signedClick } from '../support/slack-click.js';

type Click = { userId: string; action: 'rekey_approve' | 'rekey_deny'; afterMs?: number };

/** Runs a drill whose approvals are answered by signed clicks on its Slack endpoint, as Slack would send them. */
async function withClicks(
  drill: Drill,
  clicks: Click[],
): Promise<{ report: DrillReport; answers: unknown[] }> {
  const answers: unknown[] = [];
  let endpoint: SlackEndpoint | undefined;
  const report = await runInTemp(drill, {
    slackSigningSecret: SIGNING_SECRET,
    onApprovalRequest: (_record, slack) => {
      endpoint = slack;
    },
    interactive: async (record) => {
      for (const click of clicks) {
        const at = new Date(Date.parse(record.requestedAt) + (click.afterMs ?? 0));
        const request = signedClick(
          { userId: click.userId, actionId: click.action, incidentId: record.incidentId, step: record.step },
          at,
        );
        const response = await endpoint?.(request);
        answers.push({ status: response?.statusCode, body: JSON.parse(response?.body ?? '{}') });
      }
      return undefined;
    },
  });
  return { report, answers };
}

const scriptless = (name: string, change?: (raw: Record<string, unknown>) => void) =>
  drillNamed(name, (raw) => {
    raw.decisions = [];
    raw.paths = {};
    raw.expect = [{ review: 'written' }];
    change?.(raw);
  });

const outcome = (report: DrillReport) =>
  report.timelines.get(report.incidents[0]?.id ?? '')?.findLast((e) => e.type === 'incident-closed')?.data
    ?.outcome;

describe('approvals from Slack buttons, through the interactivity endpoint', () => {
  it('proceeds when a responder clicks Approve in a correctly signed request', async () => {
    const { report, answers } = await withClicks(scriptless('leaked-access-key'), [
      { userId: 'U0BOB', action: 'rekey_approve' },
    ]);
    expect(answers).toEqual([{ status: 200, body: {} }]);
    expect(outcome(report)).toBe('contained');
    expect(report.sandbox.findAccessKey('AKIAIOSFODNN7EXAMPLE')?.key.status).toBe('Inactive');
  });

  it('stops the playbook when a responder clicks Deny', async () => {
    // Only the first finding: a later AWS Health report would open a new incident, auto-approved.
    const drill = scriptless('leaked-access-key', (raw) => {
      raw.events = (raw.events as unknown[]).slice(0, 1);
    });
    const { report } = await withClicks(drill, [{ userId: 'U0BOB', action: 'rekey_deny' }]);
    expect(outcome(report)).toBe('dismissed');
    expect(report.sandbox.findAccessKey('AKIAIOSFODNN7EXAMPLE')?.key.status).toBe('Active');
  });

  it("refuses the exposed user's own click, records it, and lets the step time out", async () => {
    const { report, answers } = await withClicks(scriptless('leaked-access-key'), [
      { userId: 'U0ALICE', action: 'rekey_approve' },
    ]);
    expect(answers).toEqual([{ status: 200, body: { text: expect.stringMatching(/exposed principal/) } }]);
    expect(outcome(report)).toBe('escalated');
    const entries = report.timelines.get(report.incidents[0]?.id ?? '') ?? [];
    expect(entries.some((e) => e.type === 'approval-click-rejected' && e.actor === 'slack:U0ALICE')).toBe(
      true,
    );
  });

  it('needs two different responders for a two-person step: one click, or two by the same person, is not enough', async () => {
    const once = await withClicks(scriptless('root-credential-use'), [
      { userId: 'U0HEIDI', action: 'rekey_approve' },
      { userId: 'U0HEIDI', action: 'rekey_approve', afterMs: 1000 },
    ]);
    expect(outcome(once.report)).toBe('escalated');
    const twice = await withClicks(scriptless('root-credential-use'), [
      { userId: 'U0HEIDI', action: 'rekey_approve' },
      { userId: 'U0IVAN', action: 'rekey_approve', afterMs: 1000 },
    ]);
    expect(outcome(twice.report)).toBe('contained');
  });

  it('restores a contained step when two responders click Restore, and not before', async () => {
    const { report } = await withClicks(
      scriptless('leaked-access-key', (raw) => {
        (raw.responders as unknown[]).push({
          slackUserId: 'U0CAROL',
          name: 'Carol',
          email: 'carol@example.com',
          principals: ['arn:aws:iam::111122223333:user/carol'],
        });
      }),
      [{ userId: 'U0BOB', action: 'rekey_approve' }],
    );
    const incidentId = report.incidents[0]?.id ?? '';
    const restore = (userId: string, offsetMs: number) =>
      report.slackEndpoint?.(
        signedClick(
          { userId, actionId: 'rekey_restore', incidentId, step: 'deactivate-key' },
          new Date(report.endedAt.getTime() + offsetMs),
        ),
      );
    expect((await restore('U0BOB', 0))?.statusCode).toBe(200);
    expect(report.sandbox.findAccessKey('AKIAIOSFODNN7EXAMPLE')?.key.status).toBe('Inactive');
    expect(JSON.parse((await restore('U0BOB', 1000))?.body ?? '{}').text).toMatch(/different responder/);
    expect(JSON.parse((await restore('U0ALICE', 2000))?.body ?? '{}').text).toMatch(/exposed principal/);
    expect((await restore('U0CAROL', 3000))?.statusCode).toBe(200);
    expect(report.sandbox.findAccessKey('AKIAIOSFODNN7EXAMPLE')?.key.status).toBe('Active');
  });
});
