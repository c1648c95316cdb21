/** An account of a drill's world: anything with an account id (the sandbox's accounts). */
interface Account {
  readonly id: string;
}

const worlds = new WeakMap<Account, ReadonlyMap<string, Account>>();

/** Puts a drill's simulated accounts in one world: calls reach each other's roles and secrets, as in AWS. */
export function joinAccounts(accounts: readonly Account[]): void {
  const world = new Map(accounts.map((a) => [a.id, a]));
  for (const account of accounts) worlds.set(account, world);
}

/** The simulated account with this id, seen from an account: itself, or another of its world. */
export function accountById<A extends Account>(from: A, id: string): A | undefined {
  return id === from.id ? from : (worlds.get(from)?.get(id) as A | undefined);
}
