import type { State } from './asl.js';
import { endings } from './endings.js';
import { entryOf } from './entries.js';
import { gateStates } from './gates.js';
import { groupsOf, unlockedAfter } from './groups.js';
import { reachable } from './reachable.js';
import { pathResolver } from './references.js';
import { deferrable, failureOf, runStates } from './run.js';
import type { Playbook } from './schema.js';

/** A state machine definition in JSONPath ASL, as written to `statemachines/<playbook>.asl.json`. */
export interface CompiledPlaybook {
  Comment: string;
  StartAt: string;
  States: Record<string, State>;
}

/**
 * Compiles a playbook to a JSONPath state machine, deterministically: consecutive steps without a gate of their
 * own run in one action invocation (an auto-approved containment is two Lambda hops from the event), approvals
 * wait on a task token with their timeout, notifications are asynchronous and can never fail the run, retries and
 * catches go by error name, waits precede steps that ask for one, and every path ends in a review.
 */
export function compilePlaybook(playbook: Playbook): CompiledPlaybook {
  const groups = groupsOf(playbook);
  const pathOf = pathResolver(new Map(groups.flatMap((g) => g.steps.map((s) => [s.id, g.name] as const))));
  const states: Record<string, State> = {};
  // One object, assigned group by group: the order of the states is the order of the generated file.
  for (const [index, group] of groups.entries()) {
    const context = {
      group,
      next: entryOf(groups[index + 1]),
      pathOf,
      unlocks: unlockedAfter(groups, index),
      later: groups.slice(index + 1).flatMap((g) => g.steps),
      checklist: playbook.checklist,
      afterDeferrable: groups.slice(0, index).some(deferrable),
    };
    Object.assign(states, gateStates(context), runStates(context));
  }
  const reraises = groups.some((g) => Object.values(failureOf(g).handlers).includes('reraise'));
  // The incident-opened notice is triage's, sent alongside the start: the first state is the first step's. No
  // steps: straight to people, with the reason triage starts it with (`$.error`).
  const start = groups.length === 0 ? 'NotifyEscalated' : entryOf(groups[0]);
  return {
    Comment: `${playbook.title}. Compiled from playbooks/${playbook.name}.yml by rekey playbooks build: do not edit.`,
    StartAt: start,
    States: reachable({ ...states, ...endings(reraises, playbook.checklist) }, start),
  };
}
