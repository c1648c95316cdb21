/** The region and account local runs stand in for (the drill's deployment is nowhere real). */
const LOCAL = 'us-east-1:000000000000';

/** The ARN a local run's state machine stands for, as REKEY_STATE_MACHINES names the deployed ones. */
export const localStateMachineArn = (playbook: string): string =>
  `arn:aws:states:${LOCAL}:stateMachine:rekey-local-${playbook}`;

/**
 * Step Functions' "Execution Status Change" event for a local run that failed, as EventBridge delivers it from the
 * default bus: the error and cause of the failure the run could not catch.
 */
export function runFailedEvent(
  run: { playbook: string; name: string; input: string; startedAt: Date },
  failure: Error,
  at: Date,
): Record<string, unknown> {
  // The local runner wraps the error no state caught; its name is what Step Functions reports.
  const caught = failure.cause instanceof Error ? failure.cause : failure;
  const stateMachineArn = localStateMachineArn(run.playbook);
  const executionArn = `arn:aws:states:${LOCAL}:execution:rekey-local-${run.playbook}:${run.name}`;
  return {
    version: '0',
    id: `local-${run.playbook}-${run.name}`,
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account: LOCAL.split(':')[1],
    time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: LOCAL.split(':')[0],
    resources: [executionArn],
    detail: {
      executionArn,
      stateMachineArn,
      name: run.name,
      status: 'FAILED',
      startDate: run.startedAt.getTime(),
      stopDate: at.getTime(),
      input: run.input,
      output: null,
      error: caught.name,
      cause: caught.message,
    },
  };
}
