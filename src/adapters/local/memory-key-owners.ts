import type { KeyOwner, KeyOwnerIndex } from '../../ports/key-owners.js';

/** The key-owner index in memory, for a local run in one process. */
export class MemoryKeyOwners implements KeyOwnerIndex {
  private readonly owners = new Map<string, string>();

  async ownerOf(accountId: string, accessKeyId: string): Promise<string | undefined> {
    return this.owners.get(`${accountId}#${accessKeyId}`);
  }

  async record(owners: readonly KeyOwner[]): Promise<void> {
    for (const o of owners) this.owners.set(`${o.accountId}#${o.accessKeyId}`, o.userName);
  }
}
