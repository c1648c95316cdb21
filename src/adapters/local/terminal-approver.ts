import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import type { ApprovalRecord } from '../../ports/approvals.js';

/** Asks in the terminal whether to approve a step, answering as the given Slack user. */
export function createTerminalApprover(io: { input: Readable; output: Writable; slackUserId: string }) {
  return async (
    record: ApprovalRecord,
  ): Promise<{ slackUserId: string; decision: 'approve' | 'deny' } | undefined> => {
    const rl = createInterface({ input: io.input, output: io.output, terminal: false });
    try {
      const question = `\n  Approve "${record.summary}" for ${record.incidentId}? [a]pprove / [d]eny / [w]ait until it times out: `;
      for (;;) {
        const answer = (await rl.question(question)).trim().toLowerCase();
        if (answer.startsWith('a')) return { slackUserId: io.slackUserId, decision: 'approve' };
        if (answer.startsWith('d')) return { slackUserId: io.slackUserId, decision: 'deny' };
        if (answer.startsWith('w')) return undefined;
      }
    } finally {
      rl.close();
    }
  };
}
