import {
  DeleteResourcePolicyCommand,
  DescribeSecretCommand,
  type DescribeSecretCommandOutput,
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
  paginateListSecrets,
  paginateListSecretVersionIds,
  RotateSecretCommand,
  SecretsManagerClient,
  type SecretsManagerClientConfig,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { NotFoundError } from '../../domain/errors.js';
import { type PolicyDocument, PolicyDocumentSchema } from '../../domain/policy-document.js';
import type { SecretDescription, SecretListEntry, Secrets, SecretVersion } from '../../ports/secrets.js';
import { awsCall } from './errors.js';

/**
 * The Secrets port over Secrets Manager. It has no call that reads a value: GetSecretValue and
 * BatchGetSecretValue are never imported here (a convention test holds the whole code base to it).
 */
export class SecretsManagerSecrets implements Secrets {
  private readonly client: SecretsManagerClient;

  constructor({ client }: { client: SecretsManagerClient }) {
    this.client = client;
  }

  async describe(secretId: string): Promise<SecretDescription | undefined> {
    let described: DescribeSecretCommandOutput;
    try {
      described = await awsCall('secretsmanager:DescribeSecret', () =>
        this.client.send(new DescribeSecretCommand({ SecretId: secretId })),
      );
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
    const created = new Map<string, string>();
    // A secret scheduled for deletion refuses everything but DescribeSecret and RestoreSecret: its versions undated.
    if (!described.DeletedDate)
      await awsCall('secretsmanager:ListSecretVersionIds', async () => {
        for await (const page of paginateListSecretVersionIds(
          { client: this.client },
          { SecretId: secretId },
        )) {
          for (const v of page.Versions ?? [])
            if (v.VersionId && v.CreatedDate) created.set(v.VersionId, v.CreatedDate.toISOString());
        }
      });
    const versions: SecretVersion[] = Object.entries(described.VersionIdsToStages ?? {}).map(
      ([versionId, stages]) => {
        const createdDate = created.get(versionId);
        return { versionId, stages, ...(createdDate ? { createdDate } : {}) };
      },
    );
    return {
      arn: described.ARN ?? secretId,
      name: described.Name ?? secretId,
      rotationEnabled: described.RotationEnabled ?? false,
      ...(described.RotationLambdaARN ? { rotationLambdaArn: described.RotationLambdaARN } : {}),
      ...(described.OwningService ? { owningService: described.OwningService } : {}),
      ...(described.LastRotatedDate ? { lastRotatedDate: described.LastRotatedDate.toISOString() } : {}),
      ...(described.KmsKeyId ? { kmsKeyId: described.KmsKeyId } : {}),
      ...(described.DeletedDate ? { deletedDate: described.DeletedDate.toISOString() } : {}),
      tags: Object.fromEntries((described.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
      versions,
    };
  }

  async list(): Promise<SecretListEntry[]> {
    const secrets: SecretListEntry[] = [];
    await awsCall('secretsmanager:ListSecrets', async () => {
      for await (const page of paginateListSecrets({ client: this.client }, {}))
        for (const s of page.SecretList ?? [])
          if (s.ARN && s.Name) secrets.push({ arn: s.ARN, name: s.Name });
    });
    return secrets;
  }

  async rotate(secretId: string, clientRequestToken: string): Promise<void> {
    await awsCall('secretsmanager:RotateSecret', () =>
      this.client.send(
        new RotateSecretCommand({
          SecretId: secretId,
          ClientRequestToken: clientRequestToken,
          RotateImmediately: true,
        }),
      ),
    );
  }

  async removeStage(secretId: string, stage: string, versionId: string): Promise<void> {
    await awsCall('secretsmanager:UpdateSecretVersionStage', () =>
      this.client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: secretId,
          VersionStage: stage,
          RemoveFromVersionId: versionId,
        }),
      ),
    );
  }

  async moveCurrent(secretId: string, toVersionId: string, fromVersionId: string): Promise<void> {
    await awsCall('secretsmanager:UpdateSecretVersionStage', () =>
      this.client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: secretId,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: toVersionId,
          RemoveFromVersionId: fromVersionId,
        }),
      ),
    );
  }

  async getResourcePolicy(secretId: string): Promise<PolicyDocument | undefined> {
    const out = await awsCall('secretsmanager:GetResourcePolicy', () =>
      this.client.send(new GetResourcePolicyCommand({ SecretId: secretId })),
    );
    return out.ResourcePolicy ? PolicyDocumentSchema.parse(JSON.parse(out.ResourcePolicy)) : undefined;
  }

  async putResourcePolicy(secretId: string, document: PolicyDocument): Promise<void> {
    await awsCall('secretsmanager:PutResourcePolicy', () =>
      this.client.send(
        new PutResourcePolicyCommand({
          SecretId: secretId,
          ResourcePolicy: JSON.stringify(document),
          BlockPublicPolicy: true,
        }),
      ),
    );
  }

  async deleteResourcePolicy(secretId: string): Promise<void> {
    await awsCall('secretsmanager:DeleteResourcePolicy', () =>
      this.client.send(new DeleteResourcePolicyCommand({ SecretId: secretId })),
    );
  }
}

/** Secrets Manager of one account and region through a client of its own (loaded when first needed). */
export function secretsManagerSecretsWith(config: SecretsManagerClientConfig): SecretsManagerSecrets {
  return new SecretsManagerSecrets({ client: new SecretsManagerClient(config) });
}
