import { describe, expect, it } from 'vitest';
import { republication } from '../../../src/drills/republication.js';
import { eventFixture } from '../../support/fixtures.js';

const finding = eventFixture('aws.guardduty', 'exfiltrated-instance-credentials') as Record<
  string,
  unknown
> & { detail: { service: Record<string, unknown> } };

describe("a drill's re-publication of an event", () => {
  it('re-publishes a GuardDuty finding as GuardDuty updates it: same finding, grown count, later updatedAt', () => {
    const second = republication(finding, 2, 15 * 60_000) as typeof finding & {
      detail: { id: string; updatedAt: string };
    };
    expect(second.id).toBe(`${String(finding.id)}-p2`);
    expect(second.time).toBe('2026-11-28T10:44:02.000Z');
    expect(second.detail.id).toBe((finding.detail as unknown as { id: string }).id);
    expect(second.detail.updatedAt).toBe('2026-11-28T10:43:55.001Z');
    expect(second.detail.service).toMatchObject({
      count: 14,
      eventLastSeen: '2026-11-28T10:42:40.000Z',
      eventFirstSeen: '2026-11-28T10:09:11.000Z',
    });
  });

  it('gives the first publication only its own envelope id, and other sources only a new envelope', () => {
    expect(republication(finding, 0, 60_000)).toEqual({
      ...finding,
      id: `${String(finding.id)}-p0`,
      time: '2026-11-28T10:14:02.000Z',
    });
    const health = { id: 'h', source: 'aws.health', time: '2026-11-28T10:00:00Z', detail: { eventArn: 'x' } };
    expect(republication(health, 1, 60_000)).toEqual({
      ...health,
      id: 'h-p1',
      time: '2026-11-28T10:01:00.000Z',
    });
  });
});
