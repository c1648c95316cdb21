import { IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { IamPermissions } from '../../../../src/adapters/aws/iam-permissions.js';
import { SandboxAccount } from '../../../../src/adapters/sandbox/sandbox-account.js';
import { SandboxPermissions } from '../../../../src/adapters/sandbox/sandbox-permissions.js';
import { ManualClock } from '../../../support/fixed-clock.js';

describe("checking Rekey's own permissions without making the calls", () => {
  it('asks iam:SimulatePrincipalPolicy about the action role, call by call', async () => {
    const iam = mockClient(IAMClient);
    iam
      .on(SimulatePrincipalPolicyCommand, { ActionNames: ['iam:UpdateAccessKey'] })
      .resolves({ EvaluationResults: [{ EvalActionName: 'iam:UpdateAccessKey', EvalDecision: 'allowed' }] })
      .on(SimulatePrincipalPolicyCommand, { ActionNames: ['iam:DeleteLoginProfile'] })
      .resolves({
        EvaluationResults: [{ EvalActionName: 'iam:DeleteLoginProfile', EvalDecision: 'implicitDeny' }],
      });
    const permissions = new IamPermissions({
      client: new IAMClient({ region: 'us-east-1' }),
      principalArn: 'arn:aws:iam::111122223333:role/rekey-action',
    });
    const verdicts = await permissions.check([
      { operation: 'iam:UpdateAccessKey', resource: 'arn:aws:iam::111122223333:user/alice' },
      { operation: 'iam:DeleteLoginProfile', resource: 'arn:aws:iam::111122223333:user/alice' },
    ]);
    expect(verdicts.map((v) => [v.operation, v.allowed, v.reason])).toEqual([
      ['iam:UpdateAccessKey', true, 'allowed'],
      ['iam:DeleteLoginProfile', false, 'implicitDeny'],
    ]);
    expect(iam.commandCalls(SimulatePrincipalPolicyCommand)[0]?.args[0].input).toMatchObject({
      PolicySourceArn: 'arn:aws:iam::111122223333:role/rekey-action',
      ResourceArns: ['arn:aws:iam::111122223333:user/alice'],
    });
  });

  it("evaluates the sandbox's rekey-action role when the drill's account has one", async () => {
    const sandbox = new SandboxAccount(
      {
        id: '111122223333',
        roles: [
          {
            name: 'rekey-action',
            inlinePolicies: {
              keys: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: 'iam:UpdateAccessKey', Resource: '*' }],
              },
            },
          },
        ],
      },
      new ManualClock('2026-11-28T09:00:00Z'),
    );
    const verdicts = await new SandboxPermissions(sandbox).check([
      { operation: 'iam:UpdateAccessKey', resource: 'arn:aws:iam::111122223333:user/alice' },
      { operation: 'iam:PutUserPolicy', resource: 'arn:aws:iam::111122223333:user/alice' },
    ]);
    expect(verdicts.map((v) => v.allowed)).toEqual([true, false]);
  });
});
