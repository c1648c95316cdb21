import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { InvalidInputError, NotFoundError, RotationError } from '../../domain/errors.js';
import { type PolicyDocument, PolicyDocumentSchema } from '../../domain/policy-document.js';
import type { SecretDescription, Secrets } from '../../ports/secrets.js';
import type { SecretSeedSchema } from './account-seed.js';

/** A secret in the sandbox: its rotation set-up, versions and labels, resource policy; values do not exist here. */
export interface SandboxSecret {
  name: string;
  arn: string;
  rotationLambdaArn?: string;
  rotationEnabled: boolean;
  lastRotatedAt?: string;
  kmsKeyId?: string;
  tags: Record<string, string>;
  versions: Array<{ id: string; stages: string[]; createdAt: string }>;
  resourcePolicy?: PolicyDocument;
  rotationDays?: number;
  replicas: string[];
  failingRotations: number;
}

/** The ARN Secrets Manager would give a secret (name plus a six-character suffix). */
export function secretArn(accountId: string, region: string, name: string): string {
  const suffix = createHash('sha256')
    .update(name)
    .digest('base64url')
    .replace(/[^A-Za-z0-9]/g, 'x')
    .slice(0, 6);
  return `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${suffix}`;
}

/** A sandbox secret from its seed. */
export function secretFromSeed(
  seed: z.infer<typeof SecretSeedSchema>,
  accountId: string,
  region: string,
): SandboxSecret {
  return {
    name: seed.name,
    arn: secretArn(accountId, region, seed.name),
    ...(seed.rotationLambdaArn ? { rotationLambdaArn: seed.rotationLambdaArn } : {}),
    rotationEnabled: seed.rotationEnabled ?? Boolean(seed.rotationLambdaArn),
    ...(seed.lastRotatedAt ? { lastRotatedAt: seed.lastRotatedAt } : {}),
    ...(seed.kmsKeyId ? { kmsKeyId: seed.kmsKeyId } : {}),
    tags: seed.tags,
    versions: seed.versions.map((v) => ({ ...v, stages: [...v.stages] })),
    ...(seed.resourcePolicy ? { resourcePolicy: seed.resourcePolicy } : {}),
    ...(seed.rotationDays ? { rotationDays: seed.rotationDays } : {}),
    replicas: seed.replicas,
    failingRotations: seed.failingRotations,
  };
}

/** What the sandbox's Secrets port needs of its account. */
export interface SecretsHost {
  readonly secrets: Map<string, SandboxSecret>;
  record(operation: string, target: string): void;
  now(): string;
}

/**
 * Secrets Manager in the sandbox, as AWS documents it (where moto does not): RotateSecret fails without a rotation
 * function, and while a previous rotation left AWSPENDING on another version; a rotation moves AWSCURRENT to the
 * new version and AWSPREVIOUS to the old one; the client request token makes a retry the same request.
 */
export class SandboxSecrets implements Secrets {
  constructor(private readonly host: SecretsHost) {}

  private find(secretId: string): SandboxSecret {
    const secret = [...this.host.secrets.values()].find(
      (s) => s.arn === secretId || s.name === secretId || secretId.startsWith(`${s.arn.slice(0, -7)}`),
    );
    if (!secret) throw new NotFoundError(`Secrets Manager can't find the specified secret ${secretId}.`);
    return secret;
  }

  async describe(secretId: string): Promise<SecretDescription | undefined> {
    this.host.record('DescribeSecret', secretId);
    let secret: SandboxSecret;
    try {
      secret = this.find(secretId);
    } catch {
      return undefined;
    }
    return {
      arn: secret.arn,
      name: secret.name,
      rotationEnabled: secret.rotationEnabled,
      ...(secret.rotationLambdaArn ? { rotationLambdaArn: secret.rotationLambdaArn } : {}),
      ...(secret.lastRotatedAt ? { lastRotatedDate: secret.lastRotatedAt } : {}),
      ...(secret.kmsKeyId ? { kmsKeyId: secret.kmsKeyId } : {}),
      tags: { ...secret.tags },
      versions: secret.versions.map((v) => ({
        versionId: v.id,
        stages: [...v.stages],
        createdDate: v.createdAt,
      })),
    };
  }

  async rotate(secretId: string, clientRequestToken: string): Promise<void> {
    this.host.record('RotateSecret', secretId);
    const secret = this.find(secretId);
    if (!secret.rotationLambdaArn) {
      throw new InvalidInputError(
        `No Lambda rotation function ARN is associated with this secret (${secret.name}).`,
      );
    }
    if (secret.versions.some((v) => v.id === clientRequestToken)) return;
    const pending = secret.versions.find(
      (v) => v.stages.includes('AWSPENDING') && !v.stages.includes('AWSCURRENT'),
    );
    if (pending)
      throw new RotationError("A previous rotation isn't complete. That rotation will be reattempted.");
    const now = this.host.now();
    if (secret.failingRotations > 0) {
      // The rotation function fails: the new version keeps AWSPENDING, AWSCURRENT does not move.
      secret.failingRotations -= 1;
      secret.versions.push({ id: clientRequestToken, stages: ['AWSPENDING'], createdAt: now });
      return;
    }
    for (const version of secret.versions) version.stages = version.stages.filter((s) => s !== 'AWSPREVIOUS');
    for (const version of secret.versions) {
      if (version.stages.includes('AWSCURRENT'))
        version.stages = [...version.stages.filter((s) => s !== 'AWSCURRENT'), 'AWSPREVIOUS'];
    }
    secret.versions.push({ id: clientRequestToken, stages: ['AWSCURRENT'], createdAt: now });
    secret.lastRotatedAt = now;
    secret.rotationEnabled = true;
  }

  async removeStage(secretId: string, stage: string, versionId: string): Promise<void> {
    this.host.record('UpdateSecretVersionStage', `${secretId}/${stage}-${versionId}`);
    const version = this.find(secretId).versions.find((v) => v.id === versionId);
    if (!version?.stages.includes(stage))
      throw new InvalidInputError(`version ${versionId} does not have the label ${stage}`);
    version.stages = version.stages.filter((s) => s !== stage);
  }

  async getResourcePolicy(secretId: string): Promise<PolicyDocument | undefined> {
    this.host.record('GetResourcePolicy', secretId);
    return this.find(secretId).resourcePolicy;
  }

  async putResourcePolicy(secretId: string, document: PolicyDocument): Promise<void> {
    this.host.record('PutResourcePolicy', secretId);
    this.find(secretId).resourcePolicy = PolicyDocumentSchema.parse(document);
  }

  async deleteResourcePolicy(secretId: string): Promise<void> {
    this.host.record('DeleteResourcePolicy', secretId);
    delete this.find(secretId).resourcePolicy;
  }
}
