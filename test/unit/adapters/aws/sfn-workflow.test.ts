import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SfnWorkflow } from '../../../../src/adapters/aws/sfn-workflow.js';
import { ConfigurationError } from '../../../../src/domain/errors.js';

const sfn = mockClient(SFNClient);
const arn = 'arn:aws:states:us-east-1:111122223333:stateMachine:rekey-dev-exposed-access-key';
const workflow = () =>
  new SfnWorkflow({
    client: new SFNClient({ region: 'us-east-1' }),
    stateMachines: { 'exposed-access-key': arn },
  });

beforeEach(() => sfn.reset());

describe('Step Functions through the Workflow port', () => {
  it('starts the playbook with the incident id as the execution name', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${arn}:rk-1`, startDate: new Date() });
    await expect(workflow().start('exposed-access-key', 'rk-1', { incident: { id: 'rk-1' } })).resolves.toBe(
      'started',
    );
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).toEqual({
      stateMachineArn: arn,
      name: 'rk-1',
      input: '{"incident":{"id":"rk-1"}}',
    });
  });

  it('treats ExecutionAlreadyExists as the incident already running', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    await expect(workflow().start('exposed-access-key', 'rk-1', {})).resolves.toBe('already-exists');
  });

  it('fails fast for a playbook it has no state machine for', async () => {
    await expect(workflow().start('nope', 'rk-1', {})).rejects.toBeInstanceOf(ConfigurationError);
  });
});
