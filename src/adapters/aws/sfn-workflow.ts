import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { ConfigurationError } from '../../domain/errors.js';
import type { Workflow } from '../../ports/workflow.js';
import { awsCall } from './errors.js';

/** The Workflow port over Step Functions; playbooks are found by name in the configured ARN map. */
export class SfnWorkflow implements Workflow {
  private readonly client: SFNClient;
  private readonly stateMachines: Record<string, string>;

  constructor({ client, stateMachines }: { client: SFNClient; stateMachines: Record<string, string> }) {
    this.client = client;
    this.stateMachines = stateMachines;
  }

  async start(playbook: string, name: string, input: unknown): Promise<'started' | 'already-exists'> {
    const stateMachineArn = this.stateMachines[playbook];
    if (!stateMachineArn)
      throw new ConfigurationError(`no state machine configured for playbook ${playbook}`);
    try {
      await awsCall('states:StartExecution', () =>
        this.client.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) })),
      );
      return 'started';
    } catch (error) {
      // Names are unique per state machine for 90 days: the incident already has its run.
      if ((error as Error).name === 'ExecutionAlreadyExists') return 'already-exists';
      throw error;
    }
  }

  async sendTaskSuccess(taskToken: string, output: unknown): Promise<void> {
    await awsCall('states:SendTaskSuccess', () =>
      this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })),
    );
  }

  async sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void> {
    await awsCall('states:SendTaskFailure', () =>
      this.client.send(new SendTaskFailureCommand({ taskToken, error, cause })),
    );
  }
}
