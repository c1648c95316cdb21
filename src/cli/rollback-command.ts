import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FileReviewStore } from '../adapters/local/file-review-store.js';
import { FileTimelineStore } from '../adapters/local/file-timeline-store.js';
import { AccountSeedSchema } from '../adapters/sandbox/account-seed.js';
import { SandboxAccount } from '../adapters/sandbox/sandbox-account.js';
import { renderReview } from '../app/review/render-review.js';
import { renderReviewHtml } from '../app/review/render-review-html.js';
import { reviewedTimeline } from '../app/review/reviewed-timeline.js';
import { rollback } from '../app/rollback.js';
import { ACCOUNT_FILE } from '../drills/drill-runner.js';
import { sandboxPorts } from '../runtime/sandbox-ports.js';
import { DEFAULT_DRILL } from './drill-command.js';
import { parseOptions } from './parse-options.js';

const USAGE = 'usage: rekey rollback INCIDENT [--step STEP] [--drill NAME | --state-dir DIR]';

/**
 * `rekey rollback`: undoes an incident's changes from their journal (newest first, or one step), here against
 * the account a local drill left behind; the timeline records every undo and the review is written again.
 */
export async function rollbackCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions({
    args,
    allowPositionals: true,
    options: { step: { type: 'string' }, drill: { type: 'string' }, 'state-dir': { type: 'string' } },
  });
  const [incidentId] = positionals;
  if (!incidentId || positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  const stateDir = resolve(values['state-dir'] ?? join('.rekey', 'drills', values.drill ?? DEFAULT_DRILL));
  const accountPath = join(stateDir, ACCOUNT_FILE);
  const seed = AccountSeedSchema.parse(JSON.parse(await readFile(accountPath, 'utf8')));
  // The operator's own writer: a rollback from a laptop is recorded as such, never as the action function's.
  const timeline = new FileTimelineStore(join(stateDir, 'timelines')).as('operator');
  const entries = await timeline.list(incidentId);
  if (entries.length === 0) {
    console.error(`rekey: no incident ${incidentId} in ${stateDir}`);
    return 2;
  }
  // Rollback happens after the drill: never earlier than the last thing its timeline records.
  const last = Date.parse(entries.at(-1)?.at ?? '');
  const clock = { now: () => new Date(Math.max(Date.now(), last + 1000)) };
  const sandbox = new SandboxAccount(seed, clock);
  const results = await rollback(
    incidentId,
    { ...(values.step ? { step: values.step } : {}), actor: 'rekey:cli' },
    { ...sandboxPorts(sandbox), timeline, clock, protection: { protectedPrincipals: [] } },
  );
  await writeFile(accountPath, `${JSON.stringify(sandbox.toSeed(), null, 2)}\n`);
  const after = await reviewedTimeline(timeline, incidentId);
  const review = await new FileReviewStore(join(stateDir, 'reviews')).put({
    incidentId,
    markdown: renderReview(after),
    html: renderReviewHtml(after),
    timelineHead: { hash: after.entries.at(-1)?.hash ?? '', count: after.entries.length },
  });
  for (const r of results) console.log(`${r.result === 'restored' ? '✓' : '✗'} ${r.step}: ${r.detail}`);
  if (results.length === 0) console.log('Nothing to roll back.');
  console.log(`Review: ${review}`);
  return results.every((r) => r.result === 'restored') ? 0 : 1;
}
