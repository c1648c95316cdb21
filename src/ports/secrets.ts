import type { PolicyDocument } from '../domain/policy-document.js';

/** One version of a secret and its staging labels (never its value). */
export interface SecretVersion {
  versionId: string;
  stages: string[];
  createdDate?: string;
}

/** What Rekey may know of a secret: how it rotates, its versions and tags; never its value. */
export interface SecretDescription {
  arn: string;
  name: string;
  rotationEnabled: boolean;
  rotationLambdaArn?: string;
  /** The AWS service that manages the secret and rotates it itself (`OwningService`, e.g. `rds`). */
  owningService?: string;
  lastRotatedDate?: string;
  tags: Record<string, string>;
  versions: SecretVersion[];
  kmsKeyId?: string;
  /** When the secret was scheduled for deletion (DeleteSecret): Secrets Manager then refuses all but describe and restore. */
  deletedDate?: string;
}

/** A secret as ListSecrets names it. */
export interface SecretListEntry {
  arn: string;
  name: string;
}

/** Secrets Manager as Rekey uses it. There is deliberately no way to read a secret's value. */
export interface Secrets {
  describe(secretId: string): Promise<SecretDescription | undefined>;
  /** Every secret of the account in this region (ListSecrets), never a value. */
  list(): Promise<SecretListEntry[]>;
  /** Starts an immediate rotation; the token makes a retried request the same request. */
  rotate(secretId: string, clientRequestToken: string): Promise<void>;
  /** Removes a staging label from a version (repairs a stuck AWSPENDING). */
  removeStage(secretId: string, stage: string, versionId: string): Promise<void>;
  /**
   * Moves AWSCURRENT from one version to another (UpdateSecretVersionStage), as a rotation's finishSecret step
   * does: for a stuck rotation whose new password the service already uses.
   */
  moveCurrent(secretId: string, toVersionId: string, fromVersionId: string): Promise<void>;
  getResourcePolicy(secretId: string): Promise<PolicyDocument | undefined>;
  /** Replaces the whole resource policy (Secrets Manager has no merge): callers merge first. */
  putResourcePolicy(secretId: string, document: PolicyDocument): Promise<void>;
  deleteResourcePolicy(secretId: string): Promise<void>;
}

/** Gives the Secrets port of an account and region. */
export type SecretsProvider = (accountId: string, region: string) => Secrets;
