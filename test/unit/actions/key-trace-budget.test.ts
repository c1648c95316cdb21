import { describe, expect, it } from 'vitest';
import type { ActionContext } from '../../../src/actions/action.js';
import { traceKeys } from '../../../src/actions/key-trace.js';
import type { AuditEvent, AuditTrail } from '../../../src/ports/audit-trail.js';

const ACCOUNT = '111122223333';

/** An AssumeRole signed with `key` that issued `issued` for the role. */
const assumed = (key: string, role: string, issued: string): AuditEvent => ({
  eventId: `${key}-${role}`,
  eventTime: '2026-11-28T10:00:00Z',
  eventName: 'AssumeRole',
  eventSource: 'sts.amazonaws.com',
  region: 'us-east-1',
  accessKeyId: key,
  assumedRoleArn: `arn:aws:iam::${ACCOUNT}:role/${role}`,
  issuedAccessKeyId: issued,
});

describe('the bound on the keys a trace follows', () => {
  it('counts only what the traced keys obtained: many traced keys still have their chains followed', async () => {
    // The stolen session chained role-a -> role-b; 24 other sessions of the same user each made one call.
    const others = Array.from({ length: 24 }, (_, i) => `ASIAOTHER${String(i).padStart(11, '0')}`);
    const byKey: Record<string, AuditEvent[]> = {
      ASIASTOLEN0000000001: [assumed('ASIASTOLEN0000000001', 'role-a', 'ASIAROLEA00000000001')],
      ASIAROLEA00000000001: [assumed('ASIAROLEA00000000001', 'role-b', 'ASIAROLEB00000000001')],
    };
    const none = async () => ({ events: [], truncated: false });
    const trail: AuditTrail = {
      eventsByAccessKey: async (key) => ({ events: byKey[key] ?? [], truncated: false }),
      eventsByName: none,
      eventsByResource: none,
      eventsByUser: none,
    };
    const context = { auditTrail: () => trail } as unknown as ActionContext;
    const traced = await traceKeys(
      context,
      ACCOUNT,
      ['ASIASTOLEN0000000001', ...others],
      ['us-east-1'],
      new Date(0),
      new Date(),
    );
    expect(traced.assumedRoles.map((r) => r.roleArn)).toEqual([
      `arn:aws:iam::${ACCOUNT}:role/role-a`,
      `arn:aws:iam::${ACCOUNT}:role/role-b`,
    ]);
    expect(traced.truncated).toEqual([]);
  });
});
