import { beforeAll, describe, expect, it } from 'vitest';
import type { DrillReport } from '../../src/drills/drill-runner.js';
import { drillNamed, runInTemp } from '../support/drills.js';

describe('a containment that verification finds breached', () => {
  let report: DrillReport;

  beforeAll(async () => {
    report = await runInTemp(drillNamed('containment-breached'));
  });

  it('passes every expectation', () => {
    expect(report.results.filter((r) => !r.passed)).toEqual([]);
  });

  it('judges after the 30-minute window, following the key to the role session it assumed', () => {
    const [first] = [...report.incidents].sort((a, b) => a.openedAt.localeCompare(b.openedAt));
    const entries = report.timelines.get(first?.id ?? '') ?? [];
    const contained = entries.find((e) => e.type === 'step-succeeded' && e.step === 'revoke-sessions');
    const breached = entries.find((e) => e.type === 'step-failed' && e.step === 'verify-containment');
    expect(Date.parse(breached?.at ?? '') - Date.parse(contained?.at ?? '')).toBe(30 * 60_000);
    expect(breached?.data).toMatchObject({
      error: 'ContainmentBreachedError',
      message: expect.stringMatching(/s3:GetObject by ASIA5QXROLESESSION01/),
    });
    // The breach notice is asynchronous: it lands beside the review's entries, in either order.
    expect(
      entries
        .map((e) => e.type)
        .filter((t) => t !== 'notification-sent')
        .slice(-2),
    ).toEqual(['verification', 'incident-closed']);
    expect(entries.at(-1)?.summary).toMatch(/^Notified .*: Review: breached/);
  });

  it('re-raises the incident once, as <id>-r1, whose run now finds the role in CloudTrail and revokes it', () => {
    const ids = report.incidents.map((i) => i.id).sort();
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(`${ids[0]}-r1`);
    const reraised = report.timelines.get(ids[1] ?? '') ?? [];
    expect(reraised[0]).toMatchObject({
      type: 'incident-opened',
      summary: expect.stringMatching(/re-raised/),
    });
    expect(reraised.filter((e) => e.type === 'step-succeeded').map((e) => e.step)).toEqual([
      'deactivate-key',
      'revoke-sessions',
      // Nothing the key created: the sweep asks nobody and runs nothing.
      'find-persistence',
      'trace-key',
      'revoke-assumed-roles[0]',
      'verify-containment',
    ]);
    expect(reraised.findLast((e) => e.type === 'incident-closed')).toMatchObject({
      data: { outcome: 'contained' },
    });
  });

  it('missed the role on the first run because CloudTrail had not shown its AssumeRole yet', () => {
    const first = [...report.incidents].sort((a, b) => a.openedAt.localeCompare(b.openedAt))[0];
    const traced = (report.timelines.get(first?.id ?? '') ?? []).find(
      (e) => e.type === 'step-succeeded' && e.step === 'trace-key',
    );
    expect(traced?.summary).toMatch(/assumed 0 role/);
  });
});
