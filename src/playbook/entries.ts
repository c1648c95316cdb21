import { checksList, firstOf, type Group } from './groups.js';

/** Where a run enters a group (none: the steps are done, the exposure contained): its skip check, if it has one. */
export function entryOf(group: Group | undefined): string {
  if (!group) return 'Contained';
  return firstOf(group).skipIf ? `Skip${group.name}` : ownEntryOf(group);
}

/** Where a group starts once it is not skipped: its wait, if it has one. */
export function ownEntryOf(group: Group): string {
  if (firstOf(group).after) return `Wait${group.name}`;
  return askedOf(group);
}

/** Where a group starts once any wait is over: a forEach step that asks or changes looks whether there is anything. */
export function askedOf(group: Group): string {
  if (checksList(group)) return `Has${group.name}`;
  return firstOf(group).approval === 'none' ? `Run${group.name}` : gateOf(group);
}

/** Where a group's approval starts: the auto-approval choice, if its step has conditions for one. */
export function gateOf(group: Group): string {
  const first = firstOf(group);
  return first.autoApprove.length > 0 || first.neverAutoApprove.length > 0
    ? `Gate${group.name}`
    : `Approve${group.name}`;
}
