import { NotFoundError, RekeyError } from '../domain/errors.js';
import type { IdentityProvider } from '../ports/identity.js';
import type { KeyOwnerIndex } from '../ports/key-owners.js';

/** Users whose keys are listed at once in one account (IAM throttles an account's reads). */
const USERS_AT_ONCE = 8;

/** What an inventory did: the keys it recorded in each account, or why it could not read the account. */
export type InventoryReport = Record<string, { keys: number } | { unread: string }>;

/** A user's keys, or none when the user was deleted since ListUsers named it. */
async function keysOfUser(identity: ReturnType<IdentityProvider>, userName: string) {
  try {
    return await identity.listAccessKeys(userName);
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    throw error;
  }
}

/**
 * Every access key of an account with its owner, as IAM lists them (ListUsers, then ListAccessKeys per user), each
 * batch recorded as it is read: an account cut short (a throttle, the function's time) keeps what was read.
 */
async function recordKeysOf(
  accountId: string,
  identityFor: IdentityProvider,
  index: KeyOwnerIndex,
): Promise<number> {
  const identity = identityFor(accountId);
  const users = await identity.listUserNames();
  let recorded = 0;
  for (let i = 0; i < users.length; i += USERS_AT_ONCE) {
    const listed = await Promise.all(users.slice(i, i + USERS_AT_ONCE).map((u) => keysOfUser(identity, u)));
    const owners = listed
      .flat()
      .map((k) => ({ accountId, accessKeyId: k.accessKeyId, userName: k.userName }));
    await index.record(owners);
    recorded += owners.length;
  }
  return recorded;
}

/**
 * The key inventory: every access key of each account and the user IAM lists it under, recorded in the key-owner
 * index, from which triage guesses whom to read while IAM names a key's owner. An account Rekey cannot read (no
 * reader role, a refusal, a throttle) is reported and the others are still taken; a user deleted meanwhile is skipped.
 */
export async function takeKeyInventory(
  accountIds: readonly string[],
  identityFor: IdentityProvider,
  index: KeyOwnerIndex,
): Promise<InventoryReport> {
  const report: InventoryReport = {};
  for (const accountId of accountIds) {
    try {
      report[accountId] = { keys: await recordKeysOf(accountId, identityFor, index) };
    } catch (error) {
      // One account's trouble (no reader role, a refusal, a throttle) leaves the others to be taken.
      if (!(error instanceof RekeyError)) throw error;
      report[accountId] = { unread: error.message };
    }
  }
  return report;
}
