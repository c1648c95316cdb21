import type * as z from 'zod';
import type { RotationLogEntrySchema } from './account-seed.js';

/** One logged step of a rotation function's run on a secret. */
export type RotationLogEntry = z.infer<typeof RotationLogEntrySchema>;

/** What a rotation run needs of a sandbox secret. */
export interface RotatingSecret {
  arn: string;
  versions: Array<{ id: string; stages: string[]; createdAt: string }>;
  databasePasswordVersion?: string;
  failingRotations: number;
  rotationFailsAt: 'setSecret' | 'testSecret' | 'finishSecret';
  rotationLog: RotationLogEntry[];
  lastRotatedAt?: string;
}

/** The line a step leaves in the function's log, as AWS's rotation templates word it (never a value). */
export function logLine(secretArn: string, entry: RotationLogEntry): string {
  const ok = entry.outcome === 'succeeded';
  switch (entry.step) {
    case 'createSecret':
      return ok
        ? `[INFO] createSecret: Successfully put secret for ARN ${secretArn} and version ${entry.versionId}.`
        : `[ERROR] createSecret: Unable to create a new version of secret ${secretArn}`;
    case 'setSecret':
      return ok
        ? `[INFO] setSecret: Successfully set password for user app in the database for secret arn ${secretArn}.`
        : `[ERROR] setSecret: Unable to log into database with previous, current, or pending secret of secret arn ${secretArn}`;
    case 'testSecret':
      return ok
        ? `[INFO] testSecret: Successfully signed into the database with AWSPENDING secret in ${secretArn}.`
        : `[ERROR] testSecret: Unable to log into database with pending secret of secret ARN ${secretArn}`;
    case 'finishSecret':
      // A finishSecret that fails here is the function timing out: Lambda's line names no secret.
      return ok
        ? `[INFO] finishSecret: Successfully set AWSCURRENT stage to version ${entry.versionId} for secret ${secretArn}.`
        : 'Task timed out after 30.03 seconds';
  }
}

/** Moves AWSCURRENT to a version, and AWSPREVIOUS to the version it left, as Secrets Manager does. */
export function moveCurrent(secret: RotatingSecret, toVersionId: string, now: string): void {
  const from = secret.versions.find((v) => v.stages.includes('AWSCURRENT'));
  for (const version of secret.versions) version.stages = version.stages.filter((s) => s !== 'AWSPREVIOUS');
  if (from) from.stages = [...from.stages.filter((s) => s !== 'AWSCURRENT'), 'AWSPREVIOUS'];
  const to = secret.versions.find((v) => v.id === toVersionId);
  if (to) to.stages = [...to.stages.filter((s) => s !== 'AWSCURRENT'), 'AWSCURRENT'];
  secret.lastRotatedAt = now;
}

/** Stages a new version AWSPENDING: a label is on one version at a time, so it leaves any other (PutSecretValue). */
function stagePending(secret: RotatingSecret, versionId: string, now: string): void {
  for (const version of secret.versions) version.stages = version.stages.filter((s) => s !== 'AWSPENDING');
  secret.versions.push({ id: versionId, stages: ['AWSPENDING'], createdAt: now });
}

/** Whether setSecret can sign in to the database: with the AWSCURRENT or AWSPREVIOUS version's password. */
function canSignIn(secret: RotatingSecret): boolean {
  const uses = secret.databasePasswordVersion;
  if (uses === undefined) return true;
  const version = secret.versions.find((v) => v.id === uses);
  return Boolean(version?.stages.some((s) => s === 'AWSCURRENT' || s === 'AWSPREVIOUS'));
}

/**
 * A Lambda rotation function's run for a new version, step by step as Secrets Manager invokes it: createSecret
 * stages it AWSPENDING; setSecret changes the database's password (single-user: it must sign in with the current or
 * previous password); testSecret signs in with it; finishSecret moves AWSCURRENT. A step that fails (a drill's
 * fault, or setSecret unable to sign in) ends the run there, the version left AWSPENDING; each step is logged.
 */
export function runRotationFunction(secret: RotatingSecret, versionId: string, now: string): void {
  const log = (step: RotationLogEntry['step'], outcome: RotationLogEntry['outcome']): void => {
    secret.rotationLog.push({ at: now, step, outcome, versionId });
  };
  const fault = secret.failingRotations > 0 ? secret.rotationFailsAt : undefined;
  if (fault) secret.failingRotations -= 1;
  stagePending(secret, versionId, now);
  log('createSecret', 'succeeded');
  if (fault === 'setSecret' || !canSignIn(secret)) {
    log('setSecret', 'failed');
    return;
  }
  if (secret.databasePasswordVersion !== undefined) secret.databasePasswordVersion = versionId;
  log('setSecret', 'succeeded');
  const tested = fault !== 'testSecret';
  log('testSecret', tested ? 'succeeded' : 'failed');
  if (!tested) return;
  if (fault === 'finishSecret') {
    log('finishSecret', 'failed');
    return;
  }
  moveCurrent(secret, versionId, now);
  settle(secret, versionId);
  log('finishSecret', 'succeeded');
}

/** A rotation that succeeded leaves no AWSPENDING (AWS may also leave it with AWSCURRENT; either is valid). */
function settle(secret: RotatingSecret, versionId: string): void {
  const version = secret.versions.find((v) => v.id === versionId);
  if (version) version.stages = version.stages.filter((s) => s !== 'AWSPENDING');
}

/**
 * A managed rotation (the owning service rotates its master password itself, no function, no log we read): the new
 * version becomes AWSCURRENT and the database's password, or, under a drill's fault, stays AWSPENDING.
 */
export function runManagedRotation(secret: RotatingSecret, versionId: string, now: string): void {
  stagePending(secret, versionId, now);
  if (secret.failingRotations > 0) {
    secret.failingRotations -= 1;
    return;
  }
  if (secret.databasePasswordVersion !== undefined) secret.databasePasswordVersion = versionId;
  moveCurrent(secret, versionId, now);
  settle(secret, versionId);
}
