import type { SandboxAccount } from '../adapters/sandbox/sandbox-account.js';
import type { DrillWorld, ExpectationResult } from './drill-world.js';
import type { Expectation } from './expectation-schema.js';
import { isChange } from './order-expectations.js';

type Of<K extends string> = Extract<Expectation, Record<K, unknown>>;

/** The SCPs Rekey created (the sandbox names them p-rekey…), with their targets. */
function rekeyScps(account: SandboxAccount) {
  return [...(account.organizations?.policies ?? [])].filter(([id]) => id.startsWith('p-rekey'));
}

/**
 * Rekey changes nothing in the account: no change call recorded there (Organizations' calls are recorded in the
 * management account, a root session's in its member account, as CloudTrail records them), no SCP it created
 * attached to the account, and the account's root keeps its credentials.
 */
export function unchanged(e: Of<'unchanged'>, world: DrillWorld): ExpectationResult {
  const id = e.unchanged;
  const label = `Rekey changes nothing in account ${id}`;
  const account = [world.sandbox, ...(world.members ?? [])].find((a) => a.id === id);
  if (!account) return { label, passed: false, found: `the drill has no account ${id}` };
  const changes = [
    ...account.apiCalls.filter(isChange).map((c) => `${c.operation} ${c.target}`),
    ...rekeyScps(account).flatMap(([, p]) => (p.targets.has(id) ? [`AttachPolicy ${p.name}`] : [])),
    ...(account.rootAccessPort()?.removedFrom.has(id) ? ["the root user's credentials removed"] : []),
  ];
  return { label, passed: changes.length === 0, found: changes.join('; ') || 'no change' };
}
