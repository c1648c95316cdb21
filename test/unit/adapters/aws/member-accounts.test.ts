import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemberAccounts } from '../../../../src/adapters/aws/member-accounts.js';
import { NotContainableError } from '../../../../src/domain/errors.js';

const sts = mockClient(STSClient);
const accounts = (memberRoleName?: string) =>
  new MemberAccounts({
    sts: new STSClient({ region: 'us-east-1' }),
    ownAccountId: '111122223333',
    ...(memberRoleName ? { memberRoleName } : {}),
  });

beforeEach(() => sts.reset());

describe('reaching other accounts through the member role', () => {
  it('assumes the member role of the account once and reuses the credentials until shortly before they expire', async () => {
    sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'ASIAMEMBEREXAMPLE001',
        SecretAccessKey: 'x',
        SessionToken: 'y',
        Expiration: new Date(Date.now() + 3_600_000),
      },
    });
    const reach = accounts('rekey-member');
    await reach.credentialsFor('444455556666');
    await reach.credentialsFor('444455556666');
    const calls = sts.commandCalls(AssumeRoleCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toMatchObject({
      RoleArn: 'arn:aws:iam::444455556666:role/rekey-member',
      RoleSessionName: 'rekey',
    });
  });

  it('says the exposure is out of reach when the role cannot be assumed or none is configured', async () => {
    sts
      .on(AssumeRoleCommand)
      .rejects(
        Object.assign(new Error('not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' }),
      );
    await expect(accounts('rekey-member').credentialsFor('444455556666')).rejects.toBeInstanceOf(
      NotContainableError,
    );
    await expect(accounts().credentialsFor('444455556666')).rejects.toThrow(/no member role configured/);
  });

  it('hands throttling on by name, for a retry, instead of calling the account out of reach', async () => {
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));
    await expect(accounts('rekey-member').credentialsFor('444455556666')).rejects.toMatchObject({
      name: 'ThrottlingError',
    });
  });

  it('hands on a passing STS fault for a retry, never calling the account out of reach for good', async () => {
    sts.on(AssumeRoleCommand).rejects(
      Object.assign(new Error('We encountered an internal error'), {
        name: 'InternalFailure',
        $fault: 'server',
      }),
    );
    const failure = accounts('rekey-member').credentialsFor('444455556666');
    await expect(failure).rejects.toThrow(/internal error/);
    await expect(failure).rejects.not.toBeInstanceOf(NotContainableError);
  });

  it('uses its own account directly, without assuming anything', () => {
    const reach = accounts('rekey-member');
    expect(reach.identityFor('111122223333')).toBe(reach.identityFor('111122223333'));
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });
});
