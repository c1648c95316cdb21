import type { SandboxAccount } from './sandbox-account.js';

const worlds = new WeakMap<SandboxAccount, ReadonlyMap<string, SandboxAccount>>();

/** Puts a drill's simulated accounts in one world: calls reach each other's roles and secrets, as in AWS. */
export function joinAccounts(accounts: readonly SandboxAccount[]): void {
  const world = new Map(accounts.map((a) => [a.id, a]));
  for (const account of accounts) worlds.set(account, world);
}

/** The simulated account with this id, seen from an account: itself, or another of its world. */
export function accountById(from: SandboxAccount, id: string): SandboxAccount | undefined {
  return id === from.id ? from : worlds.get(from)?.get(id);
}
