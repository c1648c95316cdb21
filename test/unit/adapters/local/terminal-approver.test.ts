import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createTerminalApprover } from '../../../../src/adapters/local/terminal-approver.js';
import type { ApprovalRecord } from '../../../../src/ports/approvals.js';

const record: ApprovalRecord = {
  incidentId: 'rk-1',
  step: 'contain',
  taskToken: 'secret-token',
  requestedAt: '2026-11-28T09:00:00Z',
  deadline: '2026-11-28T09:30:00Z',
  summary: 'Deactivate the key',
  subjectPrincipals: [],
  status: 'pending',
};

function ask(answers: string) {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk) => {
    shown += String(chunk);
  });
  const approver = createTerminalApprover({ input, output, slackUserId: 'U0BOB' });
  const answer = approver(record);
  input.end(answers);
  return answer.then((decision) => ({ decision, shown }));
}

describe('the terminal approver', () => {
  it('asks about the step and answers as the given responder', async () => {
    const { decision, shown } = await ask('a\n');
    expect(decision).toEqual({ slackUserId: 'U0BOB', decision: 'approve' });
    expect(shown).toContain('Deactivate the key');
    expect(shown).not.toContain('secret-token');
  });

  it('asks again until it understands, and lets the request time out on "wait"', async () => {
    await expect(ask('maybe\nd\n')).resolves.toMatchObject({ decision: { decision: 'deny' } });
    await expect(ask('w\n')).resolves.toMatchObject({ decision: undefined });
  });
});
