import type { Clock } from '../domain/clock.js';
import type { Detection } from '../domain/detection.js';
import type { Exposure } from '../domain/exposure.js';
import type { Identity } from '../ports/identity.js';
import type { KeyOwnerIndex } from '../ports/key-owners.js';
import type { Log } from '../ports/log.js';
import { type HolderObservation, readUserHolding } from './holder-observation.js';

/** What resolving a named key needs beyond IAM: the key-owner index (a guess source), time, a log. */
export interface KeyHolderDeps {
  keyOwners?: KeyOwnerIndex;
  clock?: Clock;
  log?: Log;
}

/** A named key's holder as IAM says, with the holder's reading; or why IAM names none. */
export type KeyHolding =
  | { exposure: Exposure; observed?: HolderObservation; note?: string }
  | { unresolved: string };

/** A user and its keys and policies, read at once, with when the reading started. */
async function readUser(identity: Identity, name: string, readAt: Date) {
  const [user, holding] = await Promise.all([
    identity.getPrincipal({ kind: 'user', name }),
    readUserHolding(identity, name),
  ]);
  return { user, holding, readAt };
}

/** Whom the index last heard IAM name as the key's owner; an index that cannot answer guesses no one. */
async function indexed(deps: KeyHolderDeps, accountId: string, accessKeyId: string) {
  try {
    return await deps.keyOwners?.ownerOf(accountId, accessKeyId);
  } catch (error) {
    deps.log?.warn('key-owner index unread', { accountId, accessKeyId, error: String(error) });
    return undefined;
  }
}

/**
 * The holder of a named key, as IAM says (`GetAccessKeyLastUsed` names the owner of any key of the account), read
 * with its tags, keys and policies. A guess of the owner, the user the source names (the event is untrusted) or
 * else the one the key-owner index last heard IAM name, is read while IAM is asked: nearly always the owner, so the
 * reading is in hand when IAM answers. It is used only when IAM names the same user; a forged, stale or tampered
 * guess costs a wasted read, and the owner is read afresh. The owner IAM names is recorded in the index.
 */
export async function keyHolder(
  detection: Detection & { accessKeyId: string },
  identity: Identity,
  deps: KeyHolderDeps,
): Promise<KeyHolding> {
  const { accessKeyId, accountId } = detection;
  const claimed = detection.principal.name;
  const now = () => deps.clock?.now() ?? new Date();
  const known = indexed(deps, accountId, accessKeyId);
  const guess = claimed ? Promise.resolve(claimed) : known;
  const speculative = guess.then((name) =>
    name ? { name, reading: readUser(identity, name, now()) } : undefined,
  );
  // Not awaited when IAM names another user; when it names this one, a failed reading is made again.
  void speculative.then((s) => s?.reading.catch(() => undefined));
  const owner = await identity.accessKeyLastUsed(accessKeyId);
  if (!owner)
    return {
      unresolved: `IAM names no owner of access key ${accessKeyId} in account ${accountId} (a key of another account, or one Rekey may not read)`,
    };
  const guessed = await speculative;
  // The owner's keys and policies are read with it: the playbook's first invocation observes them again only if
  // this reading is no longer recent (holder-observation).
  const afresh = () => readUser(identity, owner.userName, now());
  const reading = guessed?.name === owner.userName ? guessed.reading.catch(afresh) : afresh();
  const [{ user, holding, readAt }] = await Promise.all([
    reading,
    learn(deps, known, { accountId, accessKeyId, userName: owner.userName }),
  ]);
  if (!user) return { unresolved: `the owner of ${accessKeyId}, user ${owner.userName}, no longer exists` };
  const exposure: Exposure = {
    ...detection,
    accessKeyIds: [accessKeyId],
    principal: { type: 'IAMUser', name: user.name, arn: user.arn },
  };
  const observed = holding && { accountId, readAt: readAt.toISOString(), principal: user, ...holding };
  return {
    exposure,
    ...(observed ? { observed } : {}),
    ...(claimed && claimed !== user.name
      ? { note: `the source named user ${claimed}; IAM says the key belongs to ${user.name}` }
      : {}),
  };
}

/** Records the owner IAM just named, unless the index already says so; a failed write only loses a future guess. */
async function learn(
  deps: KeyHolderDeps,
  known: Promise<string | undefined>,
  owner: { accountId: string; accessKeyId: string; userName: string },
): Promise<void> {
  if (!deps.keyOwners || (await known) === owner.userName) return;
  try {
    await deps.keyOwners.record([owner]);
  } catch (error) {
    deps.log?.warn('key owner not recorded', { ...owner, error: String(error) });
  }
}
