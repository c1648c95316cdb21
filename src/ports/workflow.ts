/** Step Functions as Rekey uses it: start a playbook run, settle a waiting task. */
export interface Workflow {
  /**
   * Starts the playbook's execution named `name`; 'already-exists' when that name was used before
   * (Step Functions' ExecutionAlreadyExists), which means the signal joined an incident already running.
   */
  start(playbook: string, name: string, input: unknown): Promise<'started' | 'already-exists'>;
  sendTaskSuccess(taskToken: string, output: unknown): Promise<void>;
  sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void>;
}
