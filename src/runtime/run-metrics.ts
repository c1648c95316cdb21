import { ACTION_DESCRIPTORS, type ActionName } from '../domain/actions.js';
import { type AslDefinition, allStates } from './asl.js';
import type { LocalExecution } from './local-workflow.js';

/** What one playbook run cost and how fast it reached containment. */
export interface RunMetrics {
  transitions: number;
  /** Lambda invocations by the state machine (triage, which started it, not included). */
  invocations: number;
  /** Of those, asynchronous ones (notifications): off the containment path. */
  asyncInvocations: number;
  /**
   * Lambda hops from the event to the first invocation that changes the account, triage included: two for an
   * auto-approved containment (triage, action). Undefined when the run changed nothing.
   */
  hopsToContainment?: number;
  /**
   * When a responder's approval let the first change through: Lambda hops from the approval's arrival (the Slack
   * endpoint, which hands it to Step Functions) to the first invocation that changes the account, both counted.
   */
  hopsAfterApproval?: number;
}

/** The invocations of an incident outside its state machine: triage, and the incident-opened notice it queues. */
export const BEFORE_THE_RUN = { invocations: 2, asyncInvocations: 1 } as const;

/** Whether a Task state invokes an action that changes the account. */
function isContainment(state: Record<string, unknown> | undefined): boolean {
  const payload = (state?.Parameters as { Payload?: { steps?: Array<{ action?: string }> } } | undefined)
    ?.Payload;
  return (payload?.steps ?? []).some((s) => ACTION_DESCRIPTORS[s.action as ActionName]?.mutating === true);
}

/** Whether a Task state waits for a responder (an approval request, answered through the Slack endpoint). */
function isApproval(state: Record<string, unknown> | undefined): boolean {
  return state?.Resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken';
}

/** The metrics of a local run of a playbook's state machine. */
export function runMetrics(execution: LocalExecution, definition: AslDefinition): RunMetrics {
  const states = new Map(allStates(definition));
  const sync = execution.calls.filter((c) => !c.async);
  const first = sync.findIndex((c) => isContainment(states.get(c.state)));
  const approval = sync.slice(0, Math.max(first, 0)).findLastIndex((c) => isApproval(states.get(c.state)));
  return {
    transitions: execution.transitions,
    invocations: execution.calls.length,
    asyncInvocations: execution.calls.length - sync.length,
    ...(first >= 0 ? { hopsToContainment: first + 2 } : {}),
    ...(first >= 0 && approval >= 0 ? { hopsAfterApproval: first - approval + 1 } : {}),
  };
}
