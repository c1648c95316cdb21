import { describe, expect, it } from 'vitest';
import { evaluatePolicies } from '../../../src/domain/policy-evaluator.js';
import { memberRole } from '../../../src/drills/member-role.js';
import { ROOT } from '../../support/drills.js';

describe("Rekey's member role, as the member template grants it", () => {
  const decide = async (action: string, resource: string) => {
    const role = await memberRole(ROOT, '444455556666', 'eu-west-1');
    return evaluatePolicies(role.policies, { action, resource, context: { 'aws:PrincipalArn': role.arn } })
      .effect;
  };

  it('is the rekey-member role of the account, its policies resolved with the parameter defaults', async () => {
    const role = await memberRole(ROOT, '444455556666', 'eu-west-1');
    expect(role.arn).toBe('arn:aws:iam::444455556666:role/rekey-member');
    expect(JSON.stringify(role.policies)).not.toMatch(/\$\{/);
  });

  it("may invoke the account's rotation functions and read their logs, never Rekey's own functions", async () => {
    const fn = 'arn:aws:lambda:eu-west-1:444455556666:function:SecretsManagerOrdersDb';
    expect(
      await decide(
        'secretsmanager:RotateSecret',
        'arn:aws:secretsmanager:eu-west-1:444455556666:secret:x-AbCdEf',
      ),
    ).toBe('allow');
    expect(await decide('lambda:InvokeFunction', fn)).toBe('allow');
    expect(
      await decide(
        'logs:FilterLogEvents',
        'arn:aws:logs:eu-west-1:444455556666:log-group:/aws/lambda/SecretsManagerOrdersDb:*',
      ),
    ).toBe('allow');
    expect(
      await decide(
        'lambda:InvokeFunction',
        'arn:aws:lambda:eu-west-1:444455556666:function:rekey-prod-action',
      ),
    ).toBe('explicit-deny');
    expect(
      await decide('lambda:InvokeFunction', 'arn:aws:lambda:eu-west-1:999900001111:function:other'),
    ).toBe('implicit-deny');
  });
});
