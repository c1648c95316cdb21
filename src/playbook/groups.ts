import { ACTION_DESCRIPTORS } from '../domain/actions.js';
import { stepsNamed } from './references.js';
import type { Playbook, PlaybookStep } from './schema.js';
import { groupNameOf } from './state-names.js';

/** Steps that run in one action invocation: a step with its own gate (approval, wait) and those that follow it. */
export interface Group {
  name: string;
  steps: PlaybookStep[];
}

/** What one group's states are compiled against. */
export interface GroupContext {
  group: Group;
  /** Where a run goes once this group is done or skipped: the next group's entry, or Contained. */
  next: string;
  /** The steps after the group that run without an approval of their own: what approving it lets happen too. */
  unlocks: PlaybookStep[];
  /** Every step after the group, whatever gates it: what may still change once the group is done. */
  later: PlaybookStep[];
  pathOf: (reference: string) => string;
  /** What responders must do by hand when the playbook escalates. */
  checklist: string[];
  /** Whether a group before it may defer an escalation (continue-then-escalate) and go on to it. */
  afterDeferrable: boolean;
}

/** A playbook's steps in the invocations they run in, in order. */
export function groupsOf(playbook: Playbook): Group[] {
  const groups: Group[] = [];
  for (const step of playbook.steps) {
    const current = groups.at(-1);
    // A step that uses what a step of the same invocation found must wait for that invocation's answer.
    const usesCurrent = stepsNamed(step.parameters).some((id) => current?.steps.some((s) => s.id === id));
    // A forEach step runs alone: the Map invokes it once per element, and a step after it is one invocation again.
    if (
      !current ||
      step.approval !== 'none' ||
      step.after ||
      step.forEach ||
      step.skipIf ||
      current.steps[0]?.forEach ||
      usesCurrent
    )
      groups.push({ name: groupNameOf(step.id), steps: [step] });
    else current.steps.push(step);
  }
  return groups;
}

/** The step that gives a group its name and its gates. */
export const firstOf = (group: Group): PlaybookStep => group.steps[0] as PlaybookStep;

/** Whether the group's invocation may change something (its change notice follows it). */
export const mutates = (group: Group): boolean =>
  group.steps.some((s) => ACTION_DESCRIPTORS[s.action].mutating);

/**
 * Whether a forEach group looks at its list before running: before anyone is asked to approve it, and before a
 * change (an empty list goes straight on, and a list that ran is known to have changed something worth telling).
 */
export const checksList = (group: Group): boolean =>
  firstOf(group).forEach !== undefined && (firstOf(group).approval !== 'none' || mutates(group));

/** The steps of the groups after `index` up to the next that asks its own approval: what an approval there unlocks. */
export function unlockedAfter(groups: readonly Group[], index: number): PlaybookStep[] {
  const after = groups.slice(index + 1);
  const gated = after.findIndex((g) => firstOf(g).approval !== 'none');
  return (gated === -1 ? after : after.slice(0, gated)).flatMap((g) => g.steps);
}
