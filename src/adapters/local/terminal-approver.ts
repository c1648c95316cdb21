import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ApprovalRecord } from '../../ports/approvals.js';

/** A decision typed in the terminal, or undefined to let the request time out. */
export type TerminalDecision = { slackUserId: string; decision: 'approve' | 'deny' } | undefined;

/**
 * Asks in the terminal whether to approve each step, answering as the given Slack user. One line reader serves
 * every question, so answers typed (or piped) ahead are not lost; when input ends, requests are left to time out.
 */
export function createTerminalApprover(io: { input: Readable; output: Writable; slackUserId: string }) {
  let reader: Interface | undefined;
  let lines: AsyncIterator<string> | undefined;
  const nextLine = async (): Promise<string | undefined> => {
    reader ??= createInterface({ input: io.input, terminal: false });
    lines ??= reader[Symbol.asyncIterator]();
    const { value, done } = await lines.next();
    return done ? undefined : value;
  };
  const ask = async (record: ApprovalRecord): Promise<TerminalDecision> => {
    for (;;) {
      io.output.write(
        `\n  Approve "${record.summary}" for ${record.incidentId}? [a]pprove / [d]eny / [w]ait until it times out: `,
      );
      const line = await nextLine();
      const answer = line?.trim().toLowerCase();
      if (answer === undefined || answer.startsWith('w')) return undefined;
      if (answer.startsWith('a')) return { slackUserId: io.slackUserId, decision: 'approve' };
      if (answer.startsWith('d')) return { slackUserId: io.slackUserId, decision: 'deny' };
    }
  };
  return Object.assign(ask, { close: () => reader?.close() });
}
