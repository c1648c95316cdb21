import { createHash } from 'node:crypto';
import type * as z from 'zod';
import { InvalidInputError, NotFoundError, RotationError } from '../../domain/errors.js';
import { type PolicyDocument, PolicyDocumentSchema } from '../../domain/policy-document.js';
import type { AuditEvent } from '../../ports/audit-trail.js';
import type { SecretDescription, SecretListEntry, Secrets } from '../../ports/secrets.js';
import type { SecretSeedSchema } from './account-seed.js';
import { answered } from './iam-records.js';
import type { AuthorizedCall, TrailedCall } from './sandbox-model.js';
import {
  moveCurrent,
  type RotationLogEntry,
  runManagedRotation,
  runRotationFunction,
} from './sandbox-rotation.js';

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
  owningService?: string;
  failingRotations: number;
  rotationFailsAt: 'setSecret' | 'testSecret' | 'finishSecret';
  databasePasswordVersion?: string;
  rotationLog: RotationLogEntry[];
  /** When DeleteSecret was called on it: scheduled for deletion from then on. */
  deletedAt?: string;
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

/** What a secret and its seed both hold, copied anew (lists and versions too); absent options stay absent. */
function copied(x: z.infer<typeof SecretSeedSchema> | SandboxSecret) {
  return {
    name: x.name,
    ...(x.rotationLambdaArn ? { rotationLambdaArn: x.rotationLambdaArn } : {}),
    ...(x.lastRotatedAt ? { lastRotatedAt: x.lastRotatedAt } : {}),
    ...(x.kmsKeyId ? { kmsKeyId: x.kmsKeyId } : {}),
    tags: x.tags,
    versions: x.versions.map((v) => ({ ...v, stages: [...v.stages] })),
    ...(x.resourcePolicy ? { resourcePolicy: x.resourcePolicy } : {}),
    ...(x.rotationDays ? { rotationDays: x.rotationDays } : {}),
    replicas: x.replicas,
    ...(x.owningService ? { owningService: x.owningService } : {}),
    failingRotations: x.failingRotations,
    rotationFailsAt: x.rotationFailsAt,
    ...(x.databasePasswordVersion ? { databasePasswordVersion: x.databasePasswordVersion } : {}),
    rotationLog: x.rotationLog.map((e) => ({ ...e })),
    ...(x.deletedAt ? { deletedAt: x.deletedAt } : {}),
  };
}

/** A sandbox secret from its seed. */
export function secretFromSeed(
  seed: z.infer<typeof SecretSeedSchema>,
  accountId: string,
  region: string,
): SandboxSecret {
  return {
    ...copied(seed),
    arn: secretArn(accountId, region, seed.name),
    rotationEnabled: seed.rotationEnabled ?? Boolean(seed.rotationLambdaArn),
  };
}

/** A sandbox secret as its seed, to persist a drill's end state. */
export function secretToSeed(x: SandboxSecret): z.infer<typeof SecretSeedSchema> {
  return { ...copied(x), rotationEnabled: x.rotationEnabled };
}

/** The error code CloudTrail records for a RotateSecret that Secrets Manager received and refused. */
const secretsErrorCode = (error: unknown) =>
  error instanceof InvalidInputError || error instanceof RotationError
    ? 'InvalidRequestException'
    : undefined;

/** What the sandbox's Secrets port needs of its account. */
export interface SecretsHost {
  readonly id: string;
  readonly region: string;
  readonly secrets: Map<string, SandboxSecret>;
  record(operation: string, target: string, trail?: TrailedCall): AuditEvent | undefined;
  now(): string;
  /** Refuses, as AWS does, a call Rekey's role may not make (AccessDeniedError), recording the refusal. */
  authorize(
    action: string,
    resource: string,
    as?: undefined,
    context?: undefined,
    call?: AuthorizedCall,
  ): void;
}

/** A Secrets Manager call as CloudTrail records it: the secret asked for (never a value). */
const asked = (secretId: string, more: Record<string, unknown> = {}): TrailedCall => ({
  service: 'secretsmanager',
  requestParameters: { secretId, ...more },
});

/**
 * Secrets Manager in the sandbox, as AWS documents it (where moto does not): RotateSecret fails without rotation
 * (a function, or managed rotation by the owning service), without lambda:InvokeFunction on the function for the
 * caller, and while a previous rotation left AWSPENDING on another version; a rotation runs the function's steps
 * (logged) and moves AWSCURRENT to the new version and AWSPREVIOUS to the old one; the client request token makes a
 * retry the same request.
 */
export class SandboxSecrets implements Secrets {
  constructor(private readonly host: SecretsHost) {}

  /** Refuses, as Secrets Manager does (AccessDeniedException), a call Rekey's role may not make on the secret. */
  private authorize(
    operation: string,
    call: { secretId: string; target: string; arn: string },
    more: Record<string, unknown> = {},
  ): void {
    const { secretId, target, arn } = call;
    const trail = asked(secretId, more);
    this.host.authorize(`secretsmanager:${operation}`, arn, undefined, undefined, {
      operation,
      target,
      trail,
    });
  }

  /** The secret, unless it is scheduled for deletion: Secrets Manager then refuses the operation. */
  private usable(secretId: string): SandboxSecret {
    const secret = this.find(secretId);
    if (secret.deletedAt && secret.deletedAt <= this.host.now())
      throw new InvalidInputError(
        `You can't perform this operation on the secret because it was marked for deletion (${secret.name}).`,
      );
    return secret;
  }

  private find(secretId: string): SandboxSecret {
    const secret = [...this.host.secrets.values()].find(
      (s) => s.arn === secretId || s.name === secretId || secretId.startsWith(`${s.arn.slice(0, -7)}`),
    );
    if (!secret) throw new NotFoundError(`Secrets Manager can't find the specified secret ${secretId}.`);
    return secret;
  }

  async describe(secretId: string): Promise<SecretDescription | undefined> {
    let secret: SandboxSecret;
    try {
      secret = this.find(secretId);
    } catch {
      this.host.record('DescribeSecret', secretId, {
        ...asked(secretId),
        failed: {
          code: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        },
      });
      return undefined;
    }
    this.authorize('DescribeSecret', { secretId, target: secretId, arn: secret.arn });
    this.host.record('DescribeSecret', secretId, asked(secretId));
    return {
      arn: secret.arn,
      name: secret.name,
      rotationEnabled: secret.rotationEnabled,
      ...(secret.rotationLambdaArn ? { rotationLambdaArn: secret.rotationLambdaArn } : {}),
      ...(secret.owningService ? { owningService: secret.owningService } : {}),
      ...(secret.lastRotatedAt ? { lastRotatedDate: secret.lastRotatedAt } : {}),
      ...(secret.kmsKeyId ? { kmsKeyId: secret.kmsKeyId } : {}),
      ...(secret.deletedAt && secret.deletedAt <= this.host.now() ? { deletedDate: secret.deletedAt } : {}),
      tags: { ...secret.tags },
      versions: secret.versions.map((v) => ({
        versionId: v.id,
        stages: [...v.stages],
        createdDate: v.createdAt,
      })),
    };
  }

  async list(): Promise<SecretListEntry[]> {
    // ListSecrets has no resource-level permission: its resource is `*`.
    const trail: TrailedCall = { service: 'secretsmanager' };
    this.host.authorize('secretsmanager:ListSecrets', '*', undefined, undefined, {
      operation: 'ListSecrets',
      target: this.host.region,
      trail,
    });
    this.host.record('ListSecrets', this.host.region, trail);
    return [...this.host.secrets.values()].map((s) => ({ arn: s.arn, name: s.name }));
  }

  async rotate(secretId: string, clientRequestToken: string): Promise<void> {
    const trail = asked(secretId, { clientRequestToken });
    const call = { operation: 'RotateSecret', target: secretId, trail };
    const found = this.find(secretId);
    this.host.authorize('secretsmanager:RotateSecret', found.arn, undefined, undefined, call);
    // AWS's "Permissions for rotation": the caller of RotateSecret needs lambda:InvokeFunction on the function.
    if (found.rotationLambdaArn)
      this.host.authorize('lambda:InvokeFunction', found.rotationLambdaArn, undefined, undefined, call);
    const recorded = this.host.record('RotateSecret', secretId, trail);
    const secret = answered(recorded, () => this.rotatable(secretId, clientRequestToken), secretsErrorCode);
    if (!secret) return;
    if (secret.rotationLambdaArn) runRotationFunction(secret, clientRequestToken, this.host.now());
    else runManagedRotation(secret, clientRequestToken, this.host.now());
    secret.rotationEnabled = true;
  }

  /**
   * The secret RotateSecret may rotate now; undefined when this token's rotation already ran (idempotent); else why
   * Secrets Manager refuses (InvalidRequestException: no rotation function, one still pending, marked for deletion).
   */
  private rotatable(secretId: string, clientRequestToken: string): SandboxSecret | undefined {
    const secret = this.usable(secretId);
    if (!secret.rotationLambdaArn && !secret.owningService)
      throw new InvalidInputError(
        `No Lambda rotation function ARN is associated with this secret (${secret.name}).`,
      );
    if (secret.versions.some((v) => v.id === clientRequestToken)) return undefined;
    if (secret.versions.some((v) => v.stages.includes('AWSPENDING') && !v.stages.includes('AWSCURRENT')))
      throw new RotationError("A previous rotation isn't complete. That rotation will be reattempted.");
    return secret;
  }

  async removeStage(secretId: string, stage: string, versionId: string): Promise<void> {
    const secret = this.find(secretId);
    const target = `${secretId}/${stage}-${versionId}`;
    this.authorize(
      'UpdateSecretVersionStage',
      { secretId, target, arn: secret.arn },
      {
        versionStage: stage,
        removeFromVersionId: versionId,
      },
    );
    this.host.record(
      'UpdateSecretVersionStage',
      target,
      asked(secretId, { versionStage: stage, removeFromVersionId: versionId }),
    );
    const version = secret.versions.find((v) => v.id === versionId);
    if (!version?.stages.includes(stage))
      throw new InvalidInputError(`version ${versionId} does not have the label ${stage}`);
    version.stages = version.stages.filter((s) => s !== stage);
  }

  async moveCurrent(secretId: string, toVersionId: string, fromVersionId: string): Promise<void> {
    const secret = this.find(secretId);
    const target = `${secretId}/AWSCURRENT-${toVersionId}`;
    const moved = {
      versionStage: 'AWSCURRENT',
      moveToVersionId: toVersionId,
      removeFromVersionId: fromVersionId,
    };
    this.authorize('UpdateSecretVersionStage', { secretId, target, arn: secret.arn }, moved);
    this.host.record('UpdateSecretVersionStage', target, asked(secretId, moved));
    const from = secret.versions.find((v) => v.id === fromVersionId);
    if (!from?.stages.includes('AWSCURRENT'))
      throw new InvalidInputError(`The parameter RemoveFromVersionId (${fromVersionId}) is not AWSCURRENT.`);
    if (!secret.versions.some((v) => v.id === toVersionId))
      throw new NotFoundError(`Secrets Manager can't find the specified secret version ${toVersionId}.`);
    moveCurrent(secret, toVersionId, this.host.now());
  }

  // Refused calls change nothing and are not recorded as changes: each is authorized before it is recorded.
  async getResourcePolicy(secretId: string): Promise<PolicyDocument | undefined> {
    const secret = this.usable(secretId);
    this.authorize('GetResourcePolicy', { secretId, target: secretId, arn: secret.arn });
    this.host.record('GetResourcePolicy', secretId, asked(secretId));
    return secret.resourcePolicy;
  }

  async putResourcePolicy(secretId: string, document: PolicyDocument): Promise<void> {
    const secret = this.usable(secretId);
    const request = { resourcePolicy: JSON.stringify(document) };
    this.authorize('PutResourcePolicy', { secretId, target: secretId, arn: secret.arn }, request);
    this.host.record('PutResourcePolicy', secretId, asked(secretId, request));
    secret.resourcePolicy = PolicyDocumentSchema.parse(document);
  }

  async deleteResourcePolicy(secretId: string): Promise<void> {
    const secret = this.usable(secretId);
    this.authorize('DeleteResourcePolicy', { secretId, target: secretId, arn: secret.arn });
    this.host.record('DeleteResourcePolicy', secretId, asked(secretId));
    delete secret.resourcePolicy;
  }
}
