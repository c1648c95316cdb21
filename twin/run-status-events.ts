/**
 * Step Functions' "Execution Status Change" events in the twin: an execution that ended otherwise than SUCCEEDED
 * (an error no state caught, a stop by hand) is put on its account's default bus as Step Functions puts it, for the
 * stack's rule to deliver to the review.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { MotoConfig } from './provision.js';
import type { TwinExecution } from './state-machines.js';

/** Puts the execution's status event on the default bus of the account `admin` administers. */
export async function putRunStatusEvent(admin: MotoConfig, execution: TwinExecution): Promise<void> {
  const detail = {
    executionArn: execution.arn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: execution.startDate,
    stopDate: execution.stopDate ?? null,
    input: JSON.stringify(execution.input),
    output: null,
    error: execution.ended?.error ?? null,
    cause: execution.ended?.cause ?? null,
  };
  const answer = await new EventBridgeClient(admin).send(
    new PutEventsCommand({
      Entries: [
        {
          Source: 'aws.states',
          DetailType: 'Step Functions Execution Status Change',
          Resources: [execution.arn],
          Detail: JSON.stringify(detail),
        },
      ],
    }),
  );
  if (answer.FailedEntryCount) throw new Error(`the status event of ${execution.arn} was not put`);
}
