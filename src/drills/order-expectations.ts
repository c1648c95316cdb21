import { existsSync, readFileSync } from 'node:fs';
import type { DrillWorld, ExpectationResult } from './drill-world.js';
import type { Expectation } from './expectation-schema.js';

type Of<K extends string> = Extract<Expectation, Record<K, unknown>>;

/**
 * AWS operations that change something: anything but a read (Get, List, Describe, Lookup, Simulate, ...) or an STS
 * call issuing a session (AssumeRoot, recorded in the management account, changes nothing there).
 */
const READ = /^(Get|List|Describe|Lookup|Simulate|BatchGet|Search|Query|Scan|Head|Check|Validate|Assume)/;

/** Whether a recorded call changed the account (a throttled or refused attempt changed nothing). */
export const isChange = (call: { operation: string }): boolean =>
  !READ.test(call.operation) && !/\((throttled|refused)\)$/.test(call.operation);

/**
 * Rekey changes nothing, in any account, before a responder approves the step: every change Rekey made comes at or
 * after the approval (with none at all when it was never approved).
 */
export function noChangeBefore(e: Of<'noChangeBefore'>, world: DrillWorld): ExpectationResult {
  const approvedAt = [...world.timelines.values()]
    .flat()
    .filter(
      (t) => t.type === 'approval-decided' && t.step === e.noChangeBefore && t.data?.decision === 'approved',
    )
    .map((t) => t.at)
    .sort()[0];
  const changes = [world.sandbox, ...(world.members ?? [])].flatMap((a) => a.apiCalls).filter(isChange);
  const early = changes.filter((call) => approvedAt === undefined || call.at < approvedAt);
  return {
    label: `no change before ${e.noChangeBefore} is approved`,
    passed: early.length === 0,
    found: early.length
      ? `${early.map((c) => `${c.operation} ${c.target} at ${c.at}`).join('; ')}${approvedAt ? ` (approved at ${approvedAt})` : ' (never approved)'}`
      : `${changes.length} change(s), none before the approval`,
  };
}

/** The lines of one `## ` section of a Markdown review, up to the next heading of that level. */
function section(markdown: string, heading: string): string | undefined {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.trim().toLowerCase() === `## ${heading.toLowerCase()}`);
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** Every review's section (by its heading) holds the text. */
export function reviewSection(e: Of<'reviewSection'>, world: DrillWorld): ExpectationResult {
  const lacking = world.incidents.flatMap((i) => {
    const path = world.reviews.get(i.id) ?? '';
    const text = existsSync(path) ? section(readFileSync(path, 'utf8'), e.reviewSection) : undefined;
    if (text === undefined) return [`${i.id} has no section ${e.reviewSection}`];
    return text.includes(e.includes) ? [] : [`${i.id}'s ${e.reviewSection} does not say it`];
  });
  return {
    label: `every review's ${e.reviewSection} says “${e.includes}”`,
    passed: world.incidents.length > 0 && lacking.length === 0,
    found: world.incidents.length ? lacking.join('; ') || 'every review' : 'no incident',
  };
}

/** Triage ignored a signal for a reason holding the text (not an exposure, a sample, a refused breach report). */
export function ignored(e: Of<'ignored'>, world: DrillWorld): ExpectationResult {
  const reasons = world.ignored ?? [];
  return {
    label: `triage ignores a signal because ${e.ignored}`,
    passed: reasons.some((r) => r.includes(e.ignored)),
    found: reasons.length ? reasons.join('; ') : 'no signal ignored',
  };
}
