import { AccessDeniedError, NotContainableError } from '../domain/errors.js';
import type { IdentityProvider } from '../ports/identity.js';
import type { KeyOwner, KeyOwnerIndex } from '../ports/key-owners.js';

/** Users whose keys are listed at once in one account (IAM throttles an account's reads). */
const USERS_AT_ONCE = 8;

/** What an inventory did: the keys it recorded in each account, or why it could not read the account. */
export type InventoryReport = Record<string, { keys: number } | { unread: string }>;

/** Every access key of an account with its owner, as IAM lists them (ListUsers, then ListAccessKeys per user). */
async function keysOf(accountId: string, identityFor: IdentityProvider): Promise<KeyOwner[]> {
  const identity = identityFor(accountId);
  const users = await identity.listUserNames();
  const owners: KeyOwner[] = [];
  for (let i = 0; i < users.length; i += USERS_AT_ONCE) {
    const listed = await Promise.all(
      users.slice(i, i + USERS_AT_ONCE).map((u) => identity.listAccessKeys(u)),
    );
    for (const k of listed.flat())
      owners.push({ accountId, accessKeyId: k.accessKeyId, userName: k.userName });
  }
  return owners;
}

/**
 * The key inventory: every access key of each account and the user IAM lists it under, recorded in the key-owner
 * index, from which triage guesses whom to read while IAM names a key's owner. An account Rekey cannot read (no
 * reader role, a refusal) is reported and the others are still taken.
 */
export async function takeKeyInventory(
  accountIds: readonly string[],
  identityFor: IdentityProvider,
  index: KeyOwnerIndex,
): Promise<InventoryReport> {
  const report: InventoryReport = {};
  for (const accountId of accountIds) {
    try {
      const owners = await keysOf(accountId, identityFor);
      await index.record(owners);
      report[accountId] = { keys: owners.length };
    } catch (error) {
      if (!(error instanceof NotContainableError || error instanceof AccessDeniedError)) throw error;
      report[accountId] = { unread: error.message };
    }
  }
  return report;
}
