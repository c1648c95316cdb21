import {
  PutResourcePolicyCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { SecretsManagerSecrets } from '../../../../src/adapters/aws/secrets-manager-secrets.js';

describe('Secrets Manager requests', () => {
  it('rotates immediately with the token that makes a retry the same request', async () => {
    const sm = mockClient(SecretsManagerClient);
    sm.on(RotateSecretCommand).resolves({});
    await new SecretsManagerSecrets({ client: new SecretsManagerClient({ region: 'us-east-1' }) }).rotate(
      'arn:secret',
      'a'.repeat(36),
    );
    expect(sm.commandCalls(RotateSecretCommand)[0]?.args[0].input).toEqual({
      SecretId: 'arn:secret',
      ClientRequestToken: 'a'.repeat(36),
      RotateImmediately: true,
    });
  });

  it('blocks public resource policies whenever it writes one', async () => {
    const sm = mockClient(SecretsManagerClient);
    sm.on(PutResourcePolicyCommand).resolves({});
    await new SecretsManagerSecrets({
      client: new SecretsManagerClient({ region: 'us-east-1' }),
    }).putResourcePolicy('arn:secret', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' }],
    });
    expect(sm.commandCalls(PutResourcePolicyCommand)[0]?.args[0].input).toMatchObject({
      BlockPublicPolicy: true,
    });
  });
});
