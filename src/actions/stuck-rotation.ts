import { NotContainableError } from '../domain/errors.js';
import { pendingPasswordState } from '../domain/secret-rotation.js';
import type { SecretDescription, Secrets, SecretVersion } from '../ports/secrets.js';
import type { ActionContext } from './action.js';

/** What was done about a rotation that stopped: finished (its password in use), or its label discarded. */
export type SettledPending = { finished: string; evidence: string } | { discarded: string; evidence: string };

/**
 * Settles an AWSPENDING a rotation left behind before anything moves its label, from what the rotation function
 * logged about the secret since the version was created. Once setSecret ran, the pending version holds the password
 * the database now uses (single user: the only copy of it): the rotation is finished as its finishSecret step would
 * (AWSCURRENT moved to it). When setSecret failed before changing the password, the label is removed, as before.
 * When nothing tells, the version is left alone and a person is asked, with what to look for and both commands.
 */
export async function settleStuckPending(
  secrets: Secrets,
  secret: SecretDescription,
  pending: SecretVersion,
  context: ActionContext,
): Promise<SettledPending> {
  const since = new Date(pending.createdDate ?? 0);
  const messages =
    secret.rotationLambdaArn && context.rotationLogs
      ? await context.rotationLogs.messagesAbout(secret.rotationLambdaArn, secret.arn, since)
      : undefined;
  const { state, evidence } = pendingPasswordState(messages);
  const current = secret.versions.find((v) => v.stages.includes('AWSCURRENT'))?.versionId;
  if (state === 'set' && current) {
    await secrets.moveCurrent(secret.arn, pending.versionId, current);
    return { finished: pending.versionId, evidence };
  }
  if (state === 'not-set') {
    await secrets.removeStage(secret.arn, 'AWSPENDING', pending.versionId);
    return { discarded: pending.versionId, evidence };
  }
  const id = secret.arn;
  throw new NotContainableError(
    `${secret.name}: a rotation stopped with AWSPENDING on version ${pending.versionId} (created ${pending.createdDate ?? 'at an unknown time'}), and ${secret.rotationLambdaArn ? evidence : 'its rotation is managed by the owning service, whose steps Rekey cannot read'}. ` +
      'Whether the database already uses that version’s password is unknown, so Rekey leaves it: removing the label could discard the only copy of the password in use. ' +
      `Read the rotation function's logs. If setSecret ran: aws secretsmanager update-secret-version-stage --secret-id ${id} --version-stage AWSCURRENT --move-to-version-id ${pending.versionId}${current ? ` --remove-from-version-id ${current}` : ''}. ` +
      `If it did not: aws secretsmanager update-secret-version-stage --secret-id ${id} --version-stage AWSPENDING --remove-from-version-id ${pending.versionId}. Then rotate the secret.`,
  );
}
