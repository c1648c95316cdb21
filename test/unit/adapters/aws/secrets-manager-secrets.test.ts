import {
  DescribeSecretCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutResourcePolicyCommand,
  RotateSecretCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
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

  it('finishes a rotation as finishSecret does: AWSCURRENT moved from the current version to the pending one', async () => {
    const sm = mockClient(SecretsManagerClient);
    sm.on(UpdateSecretVersionStageCommand).resolves({});
    await new SecretsManagerSecrets({
      client: new SecretsManagerClient({ region: 'us-east-1' }),
    }).moveCurrent('arn:secret', 'v2', 'v1');
    expect(sm.commandCalls(UpdateSecretVersionStageCommand)[0]?.args[0].input).toEqual({
      SecretId: 'arn:secret',
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: 'v2',
      RemoveFromVersionId: 'v1',
    });
  });

  it('tells a secret whose rotation its owning service manages (OwningService, no function)', async () => {
    const sm = mockClient(SecretsManagerClient);
    sm.on(DescribeSecretCommand).resolves({
      ARN: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:rds!db-0a1b2c3d-AbCdEf',
      Name: 'rds!db-0a1b2c3d',
      RotationEnabled: true,
      OwningService: 'rds',
      VersionIdsToStages: { v1: ['AWSCURRENT'] },
    });
    sm.on(ListSecretVersionIdsCommand).resolves({ Versions: [] });
    const described = await new SecretsManagerSecrets({
      client: new SecretsManagerClient({ region: 'us-east-1' }),
    }).describe('rds!db-0a1b2c3d');
    expect(described).toMatchObject({ rotationEnabled: true, owningService: 'rds' });
    expect(described?.rotationLambdaArn).toBeUndefined();
  });

  it('tells a secret scheduled for deletion by its DeletedDate, asking nothing else of it (Secrets Manager would refuse)', async () => {
    const sm = mockClient(SecretsManagerClient);
    sm.on(DescribeSecretCommand).resolves({
      ARN: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/orders/db-AbCdEf',
      Name: 'prod/orders/db',
      DeletedDate: new Date('2026-11-28T09:28:00Z'),
      VersionIdsToStages: { v1: ['AWSCURRENT'] },
    });
    sm.on(ListSecretVersionIdsCommand).rejects(new Error('InvalidRequestException'));
    const described = await new SecretsManagerSecrets({
      client: new SecretsManagerClient({ region: 'us-east-1' }),
    }).describe('prod/orders/db');
    expect(described).toMatchObject({
      deletedDate: '2026-11-28T09:28:00.000Z',
      versions: [{ versionId: 'v1' }],
    });
    expect(sm.commandCalls(ListSecretVersionIdsCommand)).toHaveLength(0);
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

  it('lists every secret of the region by name and ARN, page by page, never a value', async () => {
    const sm = mockClient(SecretsManagerClient);
    sm.on(ListSecretsCommand)
      .resolvesOnce({
        SecretList: [{ ARN: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:a-AbCdEf', Name: 'a' }],
        NextToken: 'next',
      })
      .resolvesOnce({
        SecretList: [{ ARN: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:b-GhIjKl', Name: 'b' }],
      });
    const listed = await new SecretsManagerSecrets({
      client: new SecretsManagerClient({ region: 'us-east-1' }),
    }).list();
    expect(listed).toEqual([
      { arn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:a-AbCdEf', name: 'a' },
      { arn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:b-GhIjKl', name: 'b' },
    ]);
    expect(sm.commandCalls(ListSecretsCommand)[1]?.args[0].input).toMatchObject({ NextToken: 'next' });
  });
});
