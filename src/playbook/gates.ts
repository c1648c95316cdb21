import { InvalidInputError } from '../domain/errors.js';
import { approvalStates } from './approval.js';
import type { State } from './asl.js';
import { askedOf, gateOf, ownEntryOf } from './entries.js';
import { checksList, firstOf, type GroupContext } from './groups.js';
import { durationSeconds } from './schema.js';
import { referenceOf } from './validate.js';

/** The skip on an earlier step's fact: on to the next group when it is true. */
function skipCheck({ group, next, pathOf }: GroupContext): State {
  const fact = pathOf(referenceOf(firstOf(group).skipIf) as string);
  return {
    Comment: 'An earlier step left nothing for this one to do.',
    Type: 'Choice',
    Choices: [
      {
        And: [
          { Variable: fact, IsPresent: true },
          { Variable: fact, BooleanEquals: true },
        ],
        Next: next,
      },
    ],
    Default: ownEntryOf(group),
  };
}

/** The look at a forEach step's list before anyone is asked or anything runs: an empty one goes on to the next group. */
function emptyListCheck({ group, next, pathOf }: GroupContext): State {
  const first = firstOf(group);
  const list = referenceOf(first.forEach);
  if (!list) throw new InvalidInputError(`step ${first.id}: forEach must be a reference to a list`);
  return {
    Comment: 'An empty list would change nothing: nobody is asked, nothing runs, nobody is told.',
    Type: 'Choice',
    Choices: [
      {
        Variable: `${pathOf(list)}[0]`,
        IsPresent: true,
        Next: first.approval === 'none' ? `Run${group.name}` : gateOf(group),
      },
    ],
    Default: next,
  };
}

/** The states that stand before a group's invocation: its skip, its wait, its empty-list check, its approval. */
export function gateStates(context: GroupContext): Record<string, State> {
  const { group } = context;
  const first = firstOf(group);
  const states: Record<string, State> = {};
  if (first.skipIf) states[`Skip${group.name}`] = skipCheck(context);
  if (first.after)
    states[`Wait${group.name}`] = {
      Type: 'Wait',
      Seconds: durationSeconds(first.after),
      Next: askedOf(group),
    };
  if (checksList(group)) states[`Has${group.name}`] = emptyListCheck(context);
  if (first.approval !== 'none') Object.assign(states, approvalStates(context));
  return states;
}
