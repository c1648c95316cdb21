import { checkSecretsRotated, type SecretRead } from '../domain/actions.js';
import { NotContainableError } from '../domain/errors.js';
import { rotationKind, strategyOf } from '../domain/secret-rotation.js';
import type { Identity } from '../ports/identity.js';
import type { SecretDescription } from '../ports/secrets.js';
import type { Action, ActionContext } from './action.js';
import { resourcePolicyDenies, secretsInRegion } from './readable-secrets.js';
import { type ReaderRef, readerIdentity, readerRef } from './secret-reader.js';

const createdOn = (secret: SecretDescription, stage: string) =>
  secret.versions.find((v) => v.stages.includes(stage))?.createdDate;

/**
 * Whether what the reader read no longer works: AWSCURRENT is a version created after the read, and, unless the
 * rotation changes one user's password in place (single user), AWSPREVIOUS too (with alternating users the user
 * the reader saw is still valid as AWSPREVIOUS until a second rotation).
 */
function rotatedSince(secret: SecretDescription, readAt: string): boolean {
  const after = (at: string | undefined) => at !== undefined && Date.parse(at) > Date.parse(readAt);
  if (!after(createdOn(secret, 'AWSCURRENT'))) return false;
  const previous = createdOn(secret, 'AWSPREVIOUS');
  return strategyOf(secret) === 'single-user' || previous === undefined || after(previous);
}

/** What a read secret that is gone, or going, still leaves to do. */
const GONE =
  'and cannot be rotated or denied: the value the reader read may still open what it guards, so its owner must change that credential at its source';

/** Why a secret was not rotated, as its set-up tells, and whose task it is. */
function ownerTask(secret: SecretDescription): string {
  const owner = secret.tags.owner ?? secret.tags.Owner;
  const whose = owner ? `its owner (${owner})` : 'its owner (no owner tag: find who runs it)';
  const pending = secret.versions.find(
    (v) => v.stages.includes('AWSPENDING') && !v.stages.includes('AWSCURRENT'),
  );
  const why =
    rotationKind(secret) === 'none'
      ? 'has no rotation configured'
      : pending
        ? `has a rotation stuck on AWSPENDING (version ${pending.versionId})`
        : 'was not rotated (its rotation failed: see the rotate step)';
  return `${secret.name} ${why}: ${whose} must change the credential at its source, then rotate the secret`;
}

/** What is still open about one secret the reader read, if anything. */
async function secretProblems(
  read: SecretRead,
  reader: ReaderRef,
  accountId: string,
  context: ActionContext,
) {
  const secrets = secretsInRegion(context, read.region);
  const secret = await secrets.describe(read.arn);
  // Deleting a secret does not change the credential it held: the value the reader read may still open its source.
  if (!secret) return { problems: [`${read.arn} ${GONE}`], rotated: false };
  if (secret.deletedDate)
    return {
      problems: [
        `${secret.name} was scheduled for deletion at ${secret.deletedDate} ${GONE}; restoring it would hand that value out again`,
      ],
      rotated: false,
    };
  const problems: string[] = [];
  const rotated = rotatedSince(secret, read.lastReadAt);
  if (!rotated) problems.push(ownerTask(secret));
  const policy = await secrets.getResourcePolicy(secret.arn);
  if (!resourcePolicyDenies(policy, reader, secret, accountId))
    problems.push(`${secret.name} does not deny ${reader.arn} reading it`);
  return { problems, rotated };
}

/** What is still open about the keys that signed the reads: a user's long-term keys must all be inactive. */
async function keyProblems(reader: ReaderRef, keys: readonly string[], identity: Identity | undefined) {
  if (reader.kind !== 'user' || keys.length === 0 || !identity) return [];
  const active = (await identity.listAccessKeys(reader.name)).filter((k) => k.status === 'Active');
  const problems = active
    .filter((k) => keys.includes(k.accessKeyId))
    .map((k) => `${k.accessKeyId} of ${reader.name} read secrets and is still Active: deactivate it`);
  // A session of the user read: whichever of its long-term keys minted it must be inactive.
  const sessions = keys.filter((k) => k.startsWith('ASIA'));
  if (sessions.length > 0 && active.some((k) => !keys.includes(k.accessKeyId)))
    problems.push(
      `session key ${sessions.join(', ')} of ${reader.name} read secrets; its sessions are denied, but ${active.map((k) => k.accessKeyId).join(', ')} is still Active and may have minted it: find the GetSessionToken call and deactivate that key`,
    );
  return problems;
}

/**
 * The last step for a reader of secrets, reading only: every secret it read is rotated since the read (its value is
 * useless) and denies it, and a user's keys that read are inactive. Anything else fails the step (escalated), naming
 * each secret that needs its owner and why: the incident is never `contained` while a read secret still works.
 */
export const checkSecretsRotatedAction: Action<typeof checkSecretsRotated> = {
  descriptor: checkSecretsRotated,
  plan: () => ({}),
  calls: async () => [],
  async apply({ accountId, readerArn, secrets, keys, truncated }, _plan, context) {
    const reader = readerRef(readerArn);
    if (!reader)
      throw new NotContainableError(`the reader ${readerArn} is neither an IAM user nor a role's session`);
    const problems: string[] = [];
    const rotated: string[] = [];
    for (const read of secrets) {
      const found = await secretProblems(read, reader, accountId, context);
      problems.push(...found.problems);
      if (found.rotated) rotated.push(read.name);
    }
    problems.push(...(await keyProblems(reader, keys, readerIdentity(reader, accountId, context))));
    if (truncated)
      problems.push(
        'CloudTrail held more reads than Rekey reads: look further back for other secrets it read',
      );
    if (problems.length > 0)
      throw new NotContainableError(
        `${rotated.length} of ${secrets.length} secret(s) ${readerArn} read rotated (${rotated.join(', ') || 'none'}); still open: ${problems.join('; ')}`,
      );
    return {
      status: 'unchanged',
      summary: `Every secret ${readerArn} read (${secrets.length}) is rotated since the read and denies it: ${rotated.join(', ') || 'none'}`,
      facts: { rotated },
    };
  },
};
