import { existsSync, readFileSync } from 'node:fs';
import type { Expectation } from './drill-file.js';
import { type DrillWorld, type ExpectationResult, plural } from './drill-world.js';

type Of<K extends string> = Extract<Expectation, Record<K, unknown>>;

/** The incidents in the order they were opened. */
const opened = (world: DrillWorld) =>
  [...world.incidents].sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.id.localeCompare(b.id));

/** How each incident ended, in the order they were opened (`still open` for one that did not). */
const outcomes = (world: DrillWorld) =>
  opened(world).map((i) => {
    const closed = world.timelines.get(i.id)?.findLast((e) => e.type === 'incident-closed');
    return String(closed?.data?.outcome ?? 'still open');
  });

function signals(e: Of<'signals'>, world: DrillWorld): ExpectationResult {
  const found = opened(world).map((i) => i.signals);
  return {
    label: `the incidents count ${e.signals.join(', then ')} signal(s)`,
    passed: found.join() === e.signals.join(),
    found: found.join(', ') || 'no incident',
  };
}

function eachOutcome(e: Of<'outcomes'>, world: DrillWorld): ExpectationResult {
  const found = outcomes(world);
  return {
    label: `the incidents end ${e.outcomes.join(', then ')}`,
    passed: found.join() === e.outcomes.join(),
    found: found.join(', ') || 'no incident',
  };
}

function everyOutcome(e: Of<'outcome'>, world: DrillWorld): ExpectationResult {
  const found = outcomes(world);
  return {
    label: `every incident ends ${e.outcome}`,
    passed: found.length > 0 && found.every((o) => o === e.outcome),
    found: found.join(', ') || 'no incident',
  };
}

function reviewIncludes(e: Of<'reviewIncludes'>, world: DrillWorld): ExpectationResult {
  const lacking = world.incidents
    .filter((i) => {
      const path = world.reviews.get(i.id) ?? '';
      return !existsSync(path) || !readFileSync(path, 'utf8').includes(e.reviewIncludes);
    })
    .map((i) => i.id);
  return {
    label: `every review says “${e.reviewIncludes}”`,
    passed: world.incidents.length > 0 && lacking.length === 0,
    found: lacking.length ? `not in the review of ${lacking.join(', ')}` : 'in every review',
  };
}

function reviewWritten(world: DrillWorld): ExpectationResult {
  const missing = world.incidents
    .filter((i) => {
      const markdown = world.reviews.get(i.id) ?? '';
      return !existsSync(markdown) || !existsSync(markdown.replace(/\.md$/, '.html'));
    })
    .map((i) => i.id);
  return {
    label: 'a review (Markdown and HTML) is written for every incident',
    passed: world.incidents.length > 0 && missing.length === 0,
    found: missing.length ? `missing for ${missing.join(', ')}` : plural(world.reviews.size, 'review'),
  };
}

function rolledBack(e: Of<'rolledBack'>, world: DrillWorld): ExpectationResult {
  const rolled = [...world.timelines.values()]
    .flat()
    .filter((entry) => entry.type === 'step-rolled-back')
    .map((entry) => entry.step ?? '');
  return {
    label: `${e.rolledBack.join(' and ')} rolled back`,
    passed: e.rolledBack.every((s) => rolled.includes(s)),
    found: rolled.length ? `rolled back: ${rolled.join(', ')}` : 'nothing rolled back',
  };
}

function reported(e: Of<'reported'>, world: DrillWorld): ExpectationResult {
  const reasons = world.reported ?? [];
  return {
    label: `triage reports a signal, never contained, because it ${e.reported}`,
    passed: reasons.some((r) => r.includes(e.reported)),
    found: reasons.length ? reasons.join('; ') : 'no signal reported',
  };
}

function notified(e: Of<'notified'>, world: DrillWorld): ExpectationResult {
  const notices = world.notices ?? [];
  return {
    label: `responders are told “${e.notified}”`,
    passed: notices.some((n) => [n.title, ...n.lines].some((text) => text.includes(e.notified))),
    found: notices.length ? `told: ${notices.map((n) => n.title).join('; ')}` : 'nobody was told anything',
  };
}

/** A count the drill expects against the one found, labelled alike. */
function counted(expected: number, found: number, word: string): ExpectationResult {
  return { label: plural(expected, word), passed: found === expected, found: plural(found, word) };
}

/** The incidents, their timelines and reviews against one expectation about them. */
export function checkIncidents(e: Expectation, world: DrillWorld): ExpectationResult {
  if ('signals' in e) return signals(e, world);
  if ('outcomes' in e) return eachOutcome(e, world);
  if ('outcome' in e) return everyOutcome(e, world);
  if ('reviewIncludes' in e) return reviewIncludes(e, world);
  if ('rolledBack' in e) return rolledBack(e, world);
  if ('reported' in e) return reported(e, world);
  if ('notified' in e) return notified(e, world);
  if ('playbookRuns' in e) return counted(e.playbookRuns, world.playbookRuns, 'playbook run');
  if ('approvalsRequested' in e) {
    const entries = [...world.timelines.values()].flat();
    const n = entries.filter((entry) => entry.type === 'approval-requested').length;
    return counted(e.approvalsRequested, n, 'approval request');
  }
  if ('review' in e) return reviewWritten(world);
  if ('deadLetters' in e) return counted(e.deadLetters, world.deadLetters, 'dead-lettered event');
  throw new Error(`the drill runner has no check for the expectation ${JSON.stringify(e)}`);
}
