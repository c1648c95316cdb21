import { beforeEach, describe, expect, inject, it } from 'vitest';
import { DynamoDbApprovalStore } from '../../src/adapters/aws/dynamodb-approval-store.js';
import { MemoryApprovalStore } from '../../src/adapters/local/memory-approval-store.js';
import type { ApprovalRecord, ApprovalStore } from '../../src/ports/approvals.js';
import { motoDynamoDb } from './moto-dynamodb.js';

async function dynamoStore(endpoint: string): Promise<ApprovalStore> {
  const client = await motoDynamoDb(endpoint, [{ name: 'approvals' }]);
  return new DynamoDbApprovalStore({ client, table: 'approvals' });
}

const worlds: Array<[string, () => Promise<ApprovalStore>]> = [
  ['the local store', async () => new MemoryApprovalStore()],
  ['the DynamoDB adapter against moto', () => dynamoStore(inject('motoEndpoint'))],
];

const pending = (approversNeeded: number): ApprovalRecord => ({
  incidentId: 'rk-1',
  step: 'deny-root',
  taskToken: 'token',
  requestedAt: '2026-11-28T10:06:00.000Z',
  deadline: '2026-11-28T10:36:00.000Z',
  summary: 'Contain the root user',
  subjectPrincipals: ['arn:aws:iam::444455556666:root'],
  status: 'pending',
  approversNeeded,
});

describe.each(worlds)('approval records in %s', (_name, make) => {
  let store: ApprovalStore;
  beforeEach(async () => {
    store = await make();
  });

  it('settles a pending record once: the second answer finds it settled', async () => {
    await store.put(pending(1));
    const decided = { decidedBy: 'U0BOB', decidedAt: '2026-11-28T10:09:00.000Z' };
    expect(await store.settle('rk-1', 'deny-root', { status: 'approved', ...decided })).toBe(true);
    expect(await store.settle('rk-1', 'deny-root', { status: 'denied', ...decided })).toBe(false);
    expect(await store.get('rk-1', 'deny-root')).toMatchObject({ status: 'approved', decidedBy: 'U0BOB' });
  });

  it('counts each responder once towards a two-person approval, and nobody after it is settled', async () => {
    await store.put(pending(2));
    expect(await store.addApproval('rk-1', 'deny-root', 'U0HEIDI', 'heidi@example.com')).toBe(true);
    expect(await store.addApproval('rk-1', 'deny-root', 'U0HEIDI', 'heidi@example.com')).toBe(false);
    // Heidi's second Slack account: the same person, counted once.
    expect(await store.addApproval('rk-1', 'deny-root', 'U0HEIDI2', 'Heidi@Example.com')).toBe(false);
    expect(await store.addApproval('rk-1', 'deny-root', 'U0IVAN', 'ivan@example.com')).toBe(true);
    expect((await store.get('rk-1', 'deny-root'))?.approvedBy).toEqual(['U0HEIDI', 'U0IVAN']);
    await store.settle('rk-1', 'deny-root', { status: 'approved', decidedBy: 'U0HEIDI,U0IVAN' });
    expect(await store.addApproval('rk-1', 'deny-root', 'U0CAROL', 'carol@example.com')).toBe(false);
  });

  it('answers nothing for a request it never recorded', async () => {
    expect(await store.get('rk-9', 'x')).toBeUndefined();
    expect(await store.addApproval('rk-9', 'x', 'U0BOB', 'bob@example.com')).toBe(false);
  });
});
