import type { Workflow } from '../../src/ports/workflow.js';

/** A Workflow that records starts and answers like Step Functions (same name twice: already exists). */
export class RecordingWorkflow implements Workflow {
  readonly starts: Array<{ playbook: string; name: string; input: unknown }> = [];
  readonly settled: Array<{ token: string; outcome: 'success' | 'failure'; detail: unknown }> = [];

  async start(playbook: string, name: string, input: unknown): Promise<'started' | 'already-exists'> {
    if (this.starts.some((s) => s.playbook === playbook && s.name === name)) return 'already-exists';
    this.starts.push({ playbook, name, input });
    return 'started';
  }

  async sendTaskSuccess(token: string, output: unknown): Promise<void> {
    this.settled.push({ token, outcome: 'success', detail: output });
  }

  async sendTaskFailure(token: string, error: string, cause: string): Promise<void> {
    this.settled.push({ token, outcome: 'failure', detail: { error, cause } });
  }
}
